export { I18nProvider, useI18n, type I18n } from './I18nProvider';
export { languageNames, languages, type Language, type Message, type MessageKey } from './messages';
