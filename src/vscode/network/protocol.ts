// The messages between the Discourse Network panel (extension side) and its webview. Plain data only;
// the webview bundle imports these types and nothing else from the extension.
import type { FilterChoices, NetworkFilters } from '../../core/network/claims';
import type { DiscourseNetworks, NetworkSelection } from '../../core/network/networks';

/** The views of the panel: the three networks and the stance matrix. */
export type NetworkView = 'two-mode' | 'congruence' | 'conflict' | 'matrix';
export const NETWORK_VIEWS: readonly NetworkView[] = ['two-mode', 'congruence', 'conflict', 'matrix'];

/** A claim as the panel lists it; every text in it comes from files and is shown as text only. */
export interface ClaimRow {
  article: string;
  /** File name of the article. */
  articleName: string;
  id: string;
  /** Claimant's name. */
  claimant: string;
  /** Stance id and label. */
  stance?: string;
  stanceLabel?: string;
  /** Topic label. */
  topic?: string;
  date?: string;
  /** Preview of the claim's text. */
  text: string;
}

export type ToWebview =
  | { type: 'data'; scope: 'article' | 'workspace'; scopeLabel: string; filters: NetworkFilters; choices: FilterChoices;
      networks: DiscourseNetworks; typeColors: Record<string, string> }
  | { type: 'claims'; selection: NetworkSelection; title: string; claims: ClaimRow[] }
  /** Focuses the element of a selection in a view (and activates it, as Enter would). */
  | { type: 'focus'; view: NetworkView; selection: NetworkSelection; activate?: boolean };

export type FromWebview =
  | { type: 'ready' }
  /** What the webview drew, after each data message or change of view. */
  | { type: 'rendered'; view: NetworkView; nodes: number; edges: number; cells: number }
  | { type: 'filters'; filters: NetworkFilters }
  | { type: 'select'; selection: NetworkSelection }
  | { type: 'reveal'; article: string; id: string }
  | { type: 'toggleScope' };
