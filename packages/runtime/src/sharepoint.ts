import type { ElementCodec } from './document';
import { DecodeError } from './errors';
import { escapeText } from './escape';
import { formatBoolean, formatInt, parseBoolean, parseInt as parseXsdInt } from './lexical';
import type { SoapHeader } from './soap-client';
import type { XmlReader } from './xml-reader';

export const SERVICE_CONTEXT_NS = 'http://schemas.microsoft.com/sharepoint/servicecontext';

/**
 * SharePoint's ServiceContext header ([MS-SPSTWS]), which service applications such as MS-WMS expect. Fields and
 * order as in the MS-WMS section 4 examples; all optional.
 */
export interface ServiceContext {
  readonly correlationId?: string;
  readonly devdashboardIsEnabled?: boolean;
  readonly language?: string;
  readonly region?: string;
  readonly scopeId?: string;
  readonly siteSubscriptionId?: string;
  readonly ulstraceOverrideLevel?: number;
}

const FIELDS = ['correlationId', 'devdashboardIsEnabled', 'language', 'region', 'scopeId', 'siteSubscriptionId', 'ulstraceOverrideLevel'] as const;

function toXml(value: ServiceContext, path: string): string {
  let s = '';
  for (const f of FIELDS) {
    const v = value[f];
    if (v === undefined) continue;
    const text = f === 'devdashboardIsEnabled' ? formatBoolean(v as boolean, `${path}/${f}`) : f === 'ulstraceOverrideLevel' ? formatInt(v as number, `${path}/${f}`) : escapeText(String(v), `${path}/${f}`);
    s += `<${f}>${text}</${f}>`;
  }
  return `<ServiceContext xmlns="${SERVICE_CONTEXT_NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">${s}</ServiceContext>`;
}

function decode(r: XmlReader, path: string): ServiceContext {
  const out: Record<string, unknown> = {};
  while (r.nextChild()) {
    const f = FIELDS.find((x) => x === r.local);
    if (r.ns !== SERVICE_CONTEXT_NS || !f) {
      // ServiceContext grows between SharePoint versions; unknown members are kept out of the typed value but allowed.
      r.skip();
      continue;
    }
    const p = `${path}/${f}`;
    const text = r.readText();
    if (f in out) throw new DecodeError(`${p}: repeated`, p);
    out[f] = f === 'devdashboardIsEnabled' ? parseBoolean(text, p) : f === 'ulstraceOverrideLevel' ? parseXsdInt(text, p) : text.trim();
  }
  return out as ServiceContext;
}

export const ServiceContextElement: ElementCodec<ServiceContext> = {
  ns: SERVICE_CONTEXT_NS,
  local: 'ServiceContext',
  decode,
  toXml,
  encode: (w, value, path) => w.raw(toXml(value, path)),
};

/** The ServiceContext header for ClientOptions.headers or CallOptions.headers. */
export function serviceContextHeader(value: ServiceContext): SoapHeader {
  return { xml: toXml(value, '/Header/ServiceContext') };
}
