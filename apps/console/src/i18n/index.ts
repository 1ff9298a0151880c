import { actions } from './actions';
import { cases } from './cases';
import { common } from './common';
import { dashboard } from './dashboard';
import { disposal } from './disposal';
import { district } from './district';
import { combine } from './messages';
import { tasks } from './tasks';

/** Every feature's labels; a feature adds its dictionary file and one entry here. */
export const MESSAGES = combine(common, cases, actions, tasks, district, disposal, dashboard);

export type MessageKey = keyof (typeof MESSAGES)['zh-CN'];
export { LANGUAGES, type Language } from './messages';
export { codeName, type CodeCategory } from './codes';
