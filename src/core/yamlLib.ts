// The YAML library, loaded on first use rather than with the extension: it is about a third of the
// bundle, and activation needs none of it (the first sidecar is read just after).
import type * as Yaml from 'yaml';

let loaded: typeof Yaml | undefined;

export function yaml(): typeof Yaml {
  // A require, not an import, so that bundles evaluate the library only when this first runs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return loaded ??= require('yaml') as typeof Yaml;
}
