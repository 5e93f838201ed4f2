// How annotators delimit a mention around a name, beyond the name itself (the convention of the
// samples' hand-made sidecars, and of news coding generally):
// - a person's title and the nationality or country before it belong to the person's mention:
//   "Chinese Foreign Minister Wang Yi", "Russian President Vladimir Putin", "President Xi",
//   "Kazakhstan’s President Kassym-Jomart Tokayev" (so "Kazakhstan" there is not a mention of the
//   country, even when the person's name is unknown: "U.S. Secretary of State Antony Blinken");
// - a "the" that belongs to the noun after a name is not part of the name: "the BRICS summit" is a
//   mention of "BRICS", when the codebook knows that name without the "the".
// - a name that ends in a number ("the two", standing for two actors together) takes the noun
//   after it ("the two leaders"), unless that noun is a name of its own ("the two Koreas", then
//   no mention of the pair).
// Applied to the gazetteer's matches of one paragraph, so a codebook needs no alias per title.
import { Gazetteer, NameMatch } from './gazetteer';

/** Words of a title; several in a row make one ("Foreign Minister", "Secretary of State"). */
const TITLE_WORD = String.raw`(?:[Vv]ice|[Dd]eputy|[Aa]cting|[Ff]ormer|[Pp]rime|[Ff]oreign|[Dd]efen[cs]e|[Ff]inance|[Tt]rade|[Ss]pecial|[Cc]hief|General|[Pp]resident|[Mm]inister|[Pp]remier|[Cc]hancellor|[Ss]ecretary(?:[-\s]+(?:of\s+State|of\s+Defen[cs]e|General))?|[Ll]eader|[Aa]mbassador|[Ee]nvoy|[Ss]pokes(?:man|woman|person)|[Cc]ounterpart|FM|King|Queen|Prince|Crown|[Cc]hairman|Chair|Senator|Governor|Mayor|Admiral|Pope|[Cc]ommissioner|[Rr]epresentative)`;
const TITLE = String.raw`${TITLE_WORD}(?:[ \u00a0]+${TITLE_WORD})*`;
/** A nationality adjective ("Chinese", "Russian", "Polish", "Israeli", "Dutch"). */
const NATIONALITY = String.raw`\p{Lu}\p{Ll}+(?:an|ese|ish|i|ch|ic|sh|ek)`;
/** What may stand before a title: a nationality, an acronym such as U.S. or UK, or a possessive. */
const MODIFIER = String.raw`(?:${NATIONALITY}|(?:\p{Lu}\.){2,}|\p{Lu}{2,4}|\p{Lu}[\p{L}-]*(?:[ \u00a0]+\p{Lu}[\p{L}-]*)*['’]s)`;
/** A title (with what modifies it) ending right before a name. */
const TITLE_BEFORE = new RegExp(String.raw`(?<![\p{L}\p{N}.'’-])(?:(${MODIFIER})[ \u00a0]+)?(${TITLE})[ \u00a0]+$`, 'u');
/** After a country or organisation: a possessive or nothing, a title, and a capitalised name. */
const TITLE_AND_NAME_AFTER = new RegExp(String.raw`^(?:['’]s)?[ \u00a0]+${TITLE}[ \u00a0]+\p{Lu}\p{Ll}`, 'u');
/** Nouns a leading "the" belongs to rather than to the name before them. */
const HEAD_NOUN_AFTER = /^[ \u00a0]+(?:summit|summits|meeting|meetings|talks|group|bloc|members?|countries|states|nations|leaders|officials|ministers|forum|charter|declaration|framework|agreement|treaty|sanctions|mission|secretariat|session|format|partners|allies|economies|initiative|plan|bank|project|process|platform|alliance|statement|communiqué|communique)\b/;
const LOOK_BACK = 120;
/** A name ending in a number word: "the two", "the three". */
const ENDS_IN_NUMBER = /(?:^|[ \u00a0])(?:two|three|four|five|both)$/i;
/** The noun after such a name: a lower-case plural, or a capitalised word (another name). */
const NOUN_AFTER_NUMBER = /^[ \u00a0]+(?:(\p{Ll}+s)(?![\p{L}\p{N}])|\p{Lu})/u;

/** The matches of one paragraph, with titles joined to persons and misplaced "the"s left out. */
export function applyTitleConventions(gazetteer: Gazetteer, text: string, matches: NameMatch[]): NameMatch[] {
  if (matches.length === 0) return matches;
  const isPerson = (m: NameMatch) => m.entities.every(e => gazetteer.persons.has(e));
  const out: NameMatch[] = [];
  for (const m of matches) {
    let { start, end, entities } = m;
    if (isPerson(m)) {
      const left = text.slice(Math.max(0, start - LOOK_BACK), start);
      const title = TITLE_BEFORE.exec(left);
      // A title in lower case ("leader", "counterpart") is one only with a modifier: "Chinese leader Xi".
      if (title && (title[1] !== undefined || /^\p{Lu}/u.test(title[2]))) start -= title[0].length;
    } else if (ENDS_IN_NUMBER.test(text.slice(start, end))) {
      const noun = NOUN_AFTER_NUMBER.exec(text.slice(end, end + 40));
      if (noun && noun[1] === undefined) continue; // "the two Koreas"
      if (noun) end += noun[0].length;
    } else {
      // A country or organisation that only qualifies a person's title: the mention is the person's.
      if (TITLE_AND_NAME_AFTER.test(text.slice(end, end + LOOK_BACK))) continue;
      const the = /^the[ \u00a0]+/i.exec(text.slice(start, end));
      const shorter = the && HEAD_NOUN_AFTER.test(text.slice(end, end + 40)) ? gazetteer.withoutPrefix(text, m, the[0].length) : undefined;
      if (shorter) ({ start, entities } = shorter);
    }
    // A title reaching back over earlier matches (the "U.S." of "U.S. President Joe Biden") replaces them.
    while (out.length && out[out.length - 1].end > start) out.pop();
    out.push(start === m.start && end === m.end && entities === m.entities ? m : { start, end, entities });
  }
  return out;
}
