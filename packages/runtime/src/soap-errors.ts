import type { RawXml } from './values';

/** A SOAP 1.1 or 1.2 fault returned by the server. `detail` is decoded when the operation declares that fault. */
export class SoapFaultError extends Error {
  override readonly name = 'SoapFaultError';
  constructor(
    /** The fault code as {ns, local}: soap:Client/Server (1.1) or soap:Sender/Receiver (1.2). */
    readonly code: { readonly ns: string; readonly local: string },
    readonly reason: string,
    readonly options: {
      readonly subcodes?: readonly { readonly ns: string; readonly local: string }[];
      /** faultactor (1.1) or Role (1.2). */
      readonly actor?: string;
      /** The declared wsdl:fault whose element matched the detail, if any. */
      readonly faultName?: string;
      /** The decoded detail element when declared, else the detail's children as raw XML. */
      readonly detail?: unknown;
      readonly rawDetail?: readonly RawXml[];
      readonly httpStatus: number;
      readonly soapVersion: '1.1' | '1.2';
    },
  ) {
    super(`SOAP fault ${code.local}: ${reason}`);
    Object.setPrototypeOf(this, new.target.prototype);
  }

  get subcodes(): readonly { readonly ns: string; readonly local: string }[] {
    return this.options.subcodes ?? [];
  }

  get detail(): unknown {
    return this.options.detail;
  }
}

/** The server answered with an HTTP error and no SOAP envelope (an HTML error page, say). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly contentType: string,
    /** The start of the body, for diagnosis (at most 512 characters). */
    readonly bodyExcerpt: string,
  ) {
    super(`HTTP ${status} without a SOAP envelope (${contentType || 'no content type'})`);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** No complete response arrived within the timeout. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** The caller's AbortSignal fired. */
export class AbortError extends Error {
  override readonly name = 'AbortError';
  constructor(readonly reason?: unknown) {
    super('the call was aborted');
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** The response is not what the schema allows (wrong namespace, unknown element, bad value) or is not well-formed. */
export class ResponseValidationError extends Error {
  override readonly name = 'ResponseValidationError';
  constructor(
    message: string,
    /** The element path where validation failed, e.g. `/Envelope/Body/BeginCacheRefreshResponse/...`. */
    readonly path: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** WS-Addressing: the response's RelatesTo does not name the request's MessageID. */
export class RelatesToError extends Error {
  override readonly name = 'RelatesToError';
  constructor(
    readonly expected: string,
    readonly received: string | undefined,
  ) {
    super(received === undefined ? `the response has no wsa:RelatesTo (expected ${expected})` : `wsa:RelatesTo is ${received}, expected ${expected}`);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** The transport failed before any response (connection refused, reset, DNS). */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
