// Shared by the integration and browser tests that scan a window's files for a leaked value.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every file below `dir` (none when it is missing or unreadable). */
export function filesBelow(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesBelow(full) : entry.isFile() ? [full] : [];
  });
}
