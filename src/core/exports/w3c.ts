// W3C Web Annotation export: one AnnotationCollection (JSON-LD) whose single page holds an
// Annotation per mention and per claim. Each target carries both selectors of the model: a
// TextQuoteSelector (the stored quote and its context) and a TextPositionSelector, whose offsets
// the W3C model counts in Unicode code points, as ClaimLens does. The body is ClaimLens's own
// description (entity, claimant, stance, topic…), its terms defined in a second context.
import { Annotation, Claim, isClaim } from '../model';
import { entityLookup, ExportDocument, ExportFormat, sortDocuments, sortedAnnotations } from './document';

export const W3C_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** The namespace of ClaimLens's terms; a URN because they name no web page. */
export const CLAIMLENS_VOCAB = 'urn:claimlens:vocab#';

/** Terms of the bodies, mapped into the ClaimLens namespace so JSON-LD processors keep them. */
const CLAIMLENS_CONTEXT = {
  cl: CLAIMLENS_VOCAB,
  annotationId: 'cl:annotationId', anchor: 'cl:anchor',
  entity: 'cl:entity', entityType: 'cl:entityType', name: 'cl:name', wikidata: 'cl:wikidata',
  claimant: 'cl:claimant', claimantType: 'cl:claimantType', stance: 'cl:stance', topic: 'cl:topic',
  addressee: 'cl:addressee', object: 'cl:object', form: 'cl:form',
};

/** An IRI for something that has no web address: the article path and the id, percent-encoded. */
export function annotationIri(article: string, id: string): string {
  return `urn:claimlens:${encodeURIComponent(article)}:${encodeURIComponent(id)}`;
}

type Json = Record<string, unknown>;

/** Keys with undefined values are left out, so the JSON says only what is known. */
function defined(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function body(d: ExportDocument, a: Annotation): Json[] {
  const entity = entityLookup(d.codebook);
  if (!isClaim(a)) {
    const e = entity(a.entity);
    return [defined({ type: 'cl:Mention', entity: a.entity, entityType: e?.type, name: e?.name, wikidata: e?.wikidata })];
  }
  const c: Claim = a;
  const bodies: Json[] = [defined({ type: 'cl:Claim', claimant: c.claimant, claimantType: entity(c.claimant)?.type, stance: c.stance,
    topic: c.topic, addressee: c.addressee, object: c.object, form: c.form })];
  if (c.note !== undefined) bodies.push({ type: 'TextualBody', purpose: 'commenting', value: c.note, format: 'text/plain' });
  return bodies;
}

function annotation(d: ExportDocument, a: Annotation): Json {
  const bodies = body(d, a);
  return defined({
    id: annotationIri(d.article, a.id),
    type: 'Annotation',
    // A mention identifies an actor in the text; a claim classifies a passage (claimant, stance, topic).
    motivation: isClaim(a) ? 'classifying' : 'identifying',
    annotationId: a.id,
    // Only states that ask a person to act, as in the sidecar.
    anchor: a.anchor === 'fuzzy' || a.anchor === 'orphan' ? a.anchor : undefined,
    body: bodies.length === 1 ? bodies[0] : bodies,
    target: {
      source: d.article,
      selector: [
        { type: 'TextQuoteSelector', exact: a.text, prefix: a.before, suffix: a.after },
        { type: 'TextPositionSelector', start: a.start, end: a.end },
      ],
    },
  });
}

export const w3cFormat: ExportFormat = {
  summary: 'W3C Web Annotation JSON-LD: an AnnotationCollection with quote and position selectors',
  render(documents) {
    const items = sortDocuments(documents).flatMap(d => sortedAnnotations(d.sidecar).map(a => annotation(d, a)));
    const collection = {
      '@context': [W3C_CONTEXT, CLAIMLENS_CONTEXT],
      id: 'urn:claimlens:collection',
      type: 'AnnotationCollection',
      label: 'ClaimLens annotations',
      total: items.length,
      first: { id: 'urn:claimlens:collection:page-1', type: 'AnnotationPage', startIndex: 0, items },
    };
    return { files: [{ path: 'annotations.jsonld', text: JSON.stringify(collection, null, 2) + '\n' }], notes: [] };
  },
};
