export { CONFIDENCE_ACTION, CONFIDENCE_QUESTION, askConfidence, rateConfidence, rateFromButton, parseConfidence } from './service.ts';
