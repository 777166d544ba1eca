export { link, askUnlink, confirmUnlink } from './service.ts';
export { LINK_ACTION } from './render.ts';
