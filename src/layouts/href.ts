/**
 * A site-root path under this build's base path (`/widgets/` → `/cfm/widgets/` when the site is built
 * with BASE_PATH=/cfm/; unchanged without one). Every internal link of a page or layout goes through it.
 */
import { withBase } from '../plugins/base-path.ts';

export const href = (path: string): string => withBase(path, import.meta.env.BASE_URL);
