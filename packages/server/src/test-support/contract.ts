import Ajv2020 from 'ajv/dist/2020.js';
import { OPENAPI } from '../schemas.ts';

const ajv = new Ajv2020({ strict: false, allErrors: true });
/** A check of a value against one of the contract's component schemas: [] when it conforms, else the errors. */
export function conforms(name: string): (value: unknown) => unknown[] {
  const validate = ajv.compile({ $ref: `#/components/schemas/${name}`, components: OPENAPI.components });
  return (value) => (validate(value) ? [] : (validate.errors ?? []));
}
