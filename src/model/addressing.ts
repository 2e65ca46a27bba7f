/**
 * The WS-Addressing 1.0 Metadata default action pattern (W3C, section 4.4.4), used when a portType message has no
 * explicit wsam:Action / wsaw:Action:
 *   input/output: [target namespace][delimiter][port type name][delimiter][message name]
 *   fault:        [target namespace][delimiter][port type name][delimiter][operation name][delimiter]Fault[delimiter][fault name]
 * The delimiter is ":" for URN namespaces and "/" otherwise, and is not doubled when the namespace ends with it.
 * The message name defaults to the operation name plus "Request"/"Response" for request-response operations
 * and to the operation name for one-way and notification operations.
 */
export function defaultAction(targetNamespace: string, portType: string, parts: readonly string[]): string {
  const delimiter = /^urn:/i.test(targetNamespace) ? ':' : '/';
  const head = targetNamespace.endsWith(delimiter) ? targetNamespace.slice(0, -1) : targetNamespace;
  return [head, portType, ...parts].join(delimiter);
}

export function defaultMessageName(operation: string, role: 'input' | 'output', pattern: 'request-response' | 'one-way' | 'solicit-response' | 'notification'): string {
  if (pattern === 'request-response') return role === 'input' ? `${operation}Request` : `${operation}Response`;
  if (pattern === 'solicit-response') return role === 'output' ? `${operation}Solicit` : `${operation}Response`;
  return operation;
}
