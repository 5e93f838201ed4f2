// One article and a codebook for the store tests: Xi Jinping, Vladimir Putin and China (alias Beijing).
import { DEFAULT_CODEBOOK } from '../../src/core/codebook';
import { Codebook } from '../../src/core/model';

export const ARTICLE = '/ws/a.txt';
export const SIDECAR = '/ws/a.txt.annotations.yaml';
export const TEXT = 'Xi Jinping met Vladimir Putin in Moscow.\nBeijing said the talks were “frank”.\n';
export const CODEBOOK: Codebook = {
  ...DEFAULT_CODEBOOK,
  entities: [
    { id: 'xi', name: 'Xi Jinping', type: 'person', aliases: [] },
    { id: 'putin', name: 'Vladimir Putin', type: 'person', aliases: [] },
    { id: 'china', name: 'China', type: 'country', aliases: ['Beijing'] },
  ],
};

/** The span of the first occurrence of `needle` in TEXT. */
export const at = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length });
