import type { BindingMessage, BindingOperation, Model } from './types';

/** Whether an operation gets a client method and a server handler method, and if not, exactly why. */
export type MethodVerdict = { readonly method: true } | { readonly method: false; readonly code: 'W2T512' | 'W2T753' | 'W2T754'; readonly reason: string };

/**
 * The one place that decides which operations get methods (the client and server emitters, and the corpus report,
 * ask it). Request-response and one-way operations do, whatever their body shape (one element, an rpc wrapper, or a
 * bare body of several, type= or no parts), as long as their body elements exist and they are literal or SOAP 1.1 rpc/encoded.
 */
export function methodVerdict(model: Model, op: BindingOperation): MethodVerdict {
  if (op.pattern === 'notification') return { method: false, code: 'W2T753', reason: 'it is a notification operation (output only): the service would send it unprompted, which a SOAP-over-HTTP client cannot receive' };
  if (op.pattern === 'solicit-response') return { method: false, code: 'W2T753', reason: 'it is a solicit-response operation (output before input): the service would initiate it, which a SOAP-over-HTTP client cannot answer' };
  if (!op.input && !op.output) return { method: false, code: 'W2T512', reason: 'its portType operation is not defined (see W2T306/W2T308), so its messages are unknown' };
  if (!op.input) return { method: false, code: 'W2T512', reason: 'it has no input message' };
  const issue = op.input.encodingIssue ?? op.output?.encodingIssue;
  if (issue) return { method: false, code: 'W2T754', reason: `it uses SOAP encoding that generated code does not read or write: ${issue}` };
  for (const [m, role] of [[op.input, 'request'], [op.output, 'response']] as const) {
    const why = m && bodyProblem(model, m, role);
    if (why) return { method: false, code: 'W2T512', reason: why };
  }
  return { method: true };
}

function bodyProblem(model: Model, m: BindingMessage, role: string): string | undefined {
  if (m.wrapper) return model.elements.some((e) => e.synthesized === m.wrapper!.id) ? undefined : `the ${role} wrapper ${m.wrapper.element.local} is missing from the model`;
  const part = m.body.length === 1 && m.body[0]!.element ? m.body[0]! : undefined;
  if (!part) return `the ${role} body has ${m.body.length} parts`;
  const q = part.element!;
  return model.elements.some((e) => !e.synthesized && e.name.ns === q.ns && e.name.local === q.local) ? undefined : `element ${q.local} is not defined`;
}
