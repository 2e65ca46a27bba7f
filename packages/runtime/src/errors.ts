/**
 * Errors thrown by the generated-code runtime. Dependency-free: generated code imports this module.
 * `instanceof` works across the ES2022 class hierarchy; `name` is set so logs and `toString()` say what failed.
 */

/** The input is not acceptable XML: not well-formed, a DTD, over a limit, or in an unsupported encoding. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based line of the offending construct. */
    readonly line: number,
    /** 1-based column (UTF-16 code units) of the offending construct. */
    readonly column: number,
    readonly kind: 'malformed' | 'dtd' | 'limit' | 'encoding',
  ) {
    super(`${message} (line ${line}, column ${column})`);
    this.name = 'XmlSyntaxError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Well-formed XML that does not match what the decoder expects. `path` is the slash path of the element concerned. */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'DecodeError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** A value that cannot be written as XML (an illegal character, a misuse of the writer). */
export class EncodeError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'EncodeError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
