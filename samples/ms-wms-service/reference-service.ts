import { mkdirSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { DefaultBinding_IWorkManagementServiceApplicationListener as wmsListener } from './generated/server';
import { createSoapServer, ServiceContextElement, type RequestListener, type ServerLimits, type SoapServerTimeouts } from '@wsdl2ts/runtime';
import { FileExternalTaskServer, type ExternalTaskServer } from './external-task-server';
import { WorkManagementService } from './service';
import { WmsStore } from './store';
import { FolderTaskSource, type TaskSource } from './task-sources';
import { basicAuthenticator, demoUsers, loadUsers, type UserDirectory } from './users';

export const SERVICE_PATH = '/WorkManagementService.svc';
const REPO = path.resolve(__dirname, '../..');
const WSDL_FILE = path.join(REPO, 'samples/ms-wms.wsdl');

export interface ReferenceServiceOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Loopback only by default. */
  readonly host?: string;
  /** Where the database, the external task server's files and the default task sources live. */
  readonly dataDir: string;
  /** The users file; without it (and without `users`) a demo user is created. */
  readonly usersFile?: string;
  readonly users?: UserDirectory;
  readonly jobMs?: number;
  readonly syncMs?: number;
  readonly propagationDelayMs?: number;
  /** Folder of the default task source (default `<dataDir>/task-sources`). */
  readonly tasksDir?: string;
  readonly sources?: readonly TaskSource[];
  readonly external?: ExternalTaskServer;
  readonly limits?: Partial<ServerLimits>;
  readonly timeouts?: Partial<SoapServerTimeouts>;
  readonly log?: (line: string) => void;
}

export interface RunningReferenceService {
  readonly url: string;
  readonly port: number;
  readonly service: WorkManagementService;
  readonly store: WmsStore;
  readonly external: ExternalTaskServer;
  /** Set when no users were given: the demo user's credentials. */
  readonly demoCredentials?: { readonly user: string; readonly password: string };
  close(): Promise<void>;
}

/** The WSDL as served at `?wsdl`: samples/ms-wms.wsdl plus a wsdl:service whose address is this endpoint. */
export function wsdlWithAddress(url: string): string {
  const wsdl = readFileSync(WSDL_FILE, 'utf8');
  const end = wsdl.lastIndexOf('</wsdl:definitions>');
  const service =
    `<wsdl:service name="WorkManagementService">` +
    `<wsdl:port name="DefaultBinding_IWorkManagementServiceApplication" binding="tns2:DefaultBinding_IWorkManagementServiceApplication">` +
    `<soap:address location="${url}"/></wsdl:port></wsdl:service>\n`;
  return `${wsdl.slice(0, end)}${service}${wsdl.slice(end)}`;
}

export async function startReferenceService(o: ReferenceServiceOptions): Promise<RunningReferenceService> {
  mkdirSync(o.dataDir, { recursive: true });
  let users = o.users ?? (o.usersFile !== undefined ? loadUsers(o.usersFile) : undefined);
  let demoCredentials: RunningReferenceService['demoCredentials'];
  if (!users) {
    const demo = demoUsers();
    users = demo.users;
    demoCredentials = demo.credentials;
  }
  const store = new WmsStore(path.join(o.dataDir, 'wms.sqlite'));
  const external = o.external ?? new FileExternalTaskServer(path.join(o.dataDir, 'external-task-server'));
  const service = new WorkManagementService({
    store,
    external,
    sources: o.sources ?? [new FolderTaskSource(o.tasksDir ?? path.join(o.dataDir, 'task-sources'))],
    jobMs: o.jobMs ?? 3000,
    syncMs: o.syncMs,
    propagationDelayMs: o.propagationDelayMs,
    log: o.log,
  });
  // The listener needs the URL (for the WSDL's address), which is known once the server listens.
  let listener: RequestListener | undefined;
  const server = createSoapServer((req, res) => {
    const p = (req.url ?? '').split('?')[0];
    if (p !== SERVICE_PATH || !listener) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`not found: the service is at ${SERVICE_PATH}`);
      return;
    }
    listener(req, res);
  }, o.timeouts) as unknown as http.Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}${SERVICE_PATH}`;
  listener = wmsListener(service.handler, {
    authenticate: basicAuthenticator(users),
    realm: 'WorkManagementService',
    // SharePoint's ServiceContext header, which MS-WMS clients send: understood (also when mustUnderstand) and
    // available to the handler as ctx.header(ServiceContextElement).
    headers: [ServiceContextElement],
    wsdl: wsdlWithAddress(url),
    limits: o.limits,
    onError: (e) => o.log?.(`handler error: ${(e as Error).stack ?? String(e)}`),
  });
  service.start();
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    service,
    store,
    external,
    demoCredentials,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await service.stop();
        store.close();
      })()),
  };
}
