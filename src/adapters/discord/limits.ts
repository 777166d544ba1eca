// What one Discord message may hold, kept apart from the renderer so that knowing it loads no SDK.
import type { AdapterLimits } from '../../core/ports.ts';

export const DISCORD_LIMITS: AdapterLimits = { maxTextLength: 2000, maxButtonsPerRow: 5, maxRows: 5, forms: true, privateReplies: true };
