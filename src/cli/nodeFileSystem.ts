// Paths on the command line as locations, and back. The file system itself is the shared Node
// adapter (src/node/nodeFileSystem.ts), which the desktop extension uses for `file:` folders too.
export { NodeFileSystem } from '../node/nodeFileSystem';

/** A command-line path as a location: absolute, `/`-separated, without `.` and `..` segments. */
export function toLocation(path: string, cwd: string): string {
  const p = path.replace(/\\/g, '/'), base = cwd.replace(/\\/g, '/');
  const absolute = p.startsWith('/') || /^[A-Za-z]:\//.test(p) ? p : `${base.replace(/\/+$/, '')}/${p}`;
  const drive = /^[A-Za-z]:/.exec(absolute)?.[0] ?? '';
  const parts: string[] = [];
  for (const seg of absolute.slice(drive.length).split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop(); else parts.push(seg);
  }
  return `${drive}/${parts.join('/')}`;
}

/** A location as shown to the user: relative to `cwd` when inside it. */
export function displayPath(location: string, cwd: string): string {
  const base = toLocation('.', cwd);
  if (location === base) return '.';
  const prefix = base.endsWith('/') ? base : base + '/';
  if (location.startsWith(prefix)) return location.slice(prefix.length);
  // Outside the current folder: climb with `..` when on the same drive, else absolute.
  const a = base.split('/').filter(Boolean), b = location.split('/').filter(Boolean);
  if (a[0]?.endsWith(':') !== b[0]?.endsWith(':') || (a[0]?.endsWith(':') && a[0].toLowerCase() !== b[0].toLowerCase())) return location;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}
