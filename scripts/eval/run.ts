// npm run eval — the explain grader against the hand-graded evaluation set.
import { evalExplain } from './explain.ts';

await evalExplain();
