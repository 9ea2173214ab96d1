/** Writes a JSON file as Prettier formats it, so `npm run format:check` passes after a script regenerates it. */
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';

export async function writeFormattedJson(path: string, value: unknown): Promise<void> {
  writeFileSync(path, await format(JSON.stringify(value), { ...(await resolveConfig(path)), filepath: path }));
}
