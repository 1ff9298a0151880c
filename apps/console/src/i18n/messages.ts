/** The console's languages: Chinese first, English as the switch. */
export type Language = 'zh-CN' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

/** One feature's labels in both languages; the English side must carry every Chinese key. */
export interface Messages<K extends string> {
  'zh-CN': Record<K, string>;
  en: Record<K, string>;
}

export function defineMessages<K extends string>(messages: Messages<K>): Messages<K> {
  return messages;
}

type KeyOf<M> = M extends Messages<infer K> ? K : never;

/** Joins the features' dictionaries into one; a key defined twice is a mistake. */
export function combine<T extends Messages<string>[]>(...parts: T): Messages<KeyOf<T[number]>> {
  const joined: Messages<string> = { 'zh-CN': {}, en: {} };
  for (const part of parts)
    for (const language of LANGUAGES)
      for (const [key, text] of Object.entries(part[language])) {
        if (key in joined[language]) throw new Error(`i18n key defined twice: ${key}`);
        joined[language][key] = text;
      }
  return joined as Messages<KeyOf<T[number]>>;
}
