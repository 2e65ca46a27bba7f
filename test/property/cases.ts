/** The golden cases, their generated serializers and their models (loaded once per test file). */
import * as path from 'node:path';
import { loadModel } from '../../src/index';
import type { ElementDecl, Model } from '../../src/model/types';
import type { ElementCodec } from '@wsdl2ts/runtime';
import * as anyS from '../golden/any/expected/serializers';
import * as attributesS from '../golden/attributes/expected/serializers';
import * as choiceS from '../golden/choice/expected/serializers';
import * as extensionS from '../golden/extension-xsi-type/expected/serializers';
import * as hostileS from '../golden/hostile-names/expected/serializers';
import * as msWmsS from '../golden/ms-wms/expected/serializers';
import * as simpleContentS from '../golden/simple-content/expected/serializers';
import * as substitutionS from '../golden/substitution-group/expected/serializers';
import * as wcfArrayS from '../golden/wcf-array/expected/serializers';

export const SERIALIZERS: Readonly<Record<string, Record<string, unknown>>> = {
  any: anyS,
  attributes: attributesS,
  choice: choiceS,
  'extension-xsi-type': extensionS,
  'hostile-names': hostileS,
  'ms-wms': msWmsS,
  'simple-content': simpleContentS,
  'substitution-group': substitutionS,
  'wcf-array': wcfArrayS,
};

export const CASE_NAMES = Object.keys(SERIALIZERS).sort();

export type AnyCodec = ElementCodec<unknown>;

function isCodec(v: unknown): v is AnyCodec {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return typeof c.ns === 'string' && typeof c.local === 'string' && typeof c.decode === 'function' && typeof c.encode === 'function';
}

/** Every ElementCodec a generated serializers module exports, by export name (= the element's tsName). */
export function elementCodecs(caseName: string): [string, AnyCodec][] {
  return Object.entries(SERIALIZERS[caseName]!)
    .filter((e): e is [string, AnyCodec] => isCodec(e[1]))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const models = new Map<string, Promise<Model>>();

export function caseModel(caseName: string): Promise<Model> {
  let m = models.get(caseName);
  if (!m) {
    m = loadModel({ input: path.join(__dirname, '..', 'golden', caseName, 'input.wsdl') }).then((r) => {
      if (!r.model) throw new Error(`${caseName}: no model: ${r.diagnostics.map((d) => d.message).join('; ')}`);
      return r.model;
    });
    models.set(caseName, m);
  }
  return m;
}

export function declFor(model: Model, exportName: string, codec: AnyCodec): ElementDecl {
  const decl = model.elements.find((e) => e.tsName === exportName);
  if (!decl) throw new Error(`no global element with tsName ${exportName}`);
  if (decl.name.ns !== codec.ns || decl.name.local !== codec.local) throw new Error(`${exportName} is {${codec.ns}}${codec.local} but the model says {${decl.name.ns}}${decl.name.local}`);
  return decl;
}
