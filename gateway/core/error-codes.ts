// The one catalogue of stable error codes: area prefix, kind, and a one-line meaning (ru/kk/en).

/** user: bad input, never retried; operational: transient, retried with back-off; bug: a defect. */
export type ErrorKind = 'user' | 'operational' | 'bug';

export interface ErrorCodeInfo {
  kind: ErrorKind;
  /** Numeric code shown in 1C-style `.err` lines (`<code>, Строка <line>, <text>`). */
  num: number;
  en: string;
  ru: string;
  kk: string;
}

export const ERROR_CODES = {
  // Configuration (CFG_)
  CFG_INVALID: { kind: 'user', num: 100, en: 'Configuration is invalid', ru: 'Неверная конфигурация', kk: 'Конфигурация қате' },
  CFG_FILE_UNREADABLE: { kind: 'user', num: 101, en: 'Configuration file cannot be read', ru: 'Не удаётся прочитать файл конфигурации', kk: 'Конфигурация файлын оқу мүмкін емес' },
  CFG_TOML_SYNTAX: { kind: 'user', num: 102, en: 'Configuration file is not valid TOML', ru: 'Файл конфигурации не является корректным TOML', kk: 'Конфигурация файлы дұрыс TOML емес' },
  // Sources (SRC_)
  SRC_DUPLICATE_FILE: { kind: 'user', num: 201, en: 'The same file (identical bytes) was already received', ru: 'Такой же файл (те же байты) уже был принят', kk: 'Дәл осындай файл (сол байттар) бұрын қабылданған' },
  SRC_FILE_TOO_LARGE: { kind: 'user', num: 202, en: 'File is larger than the configured limit', ru: 'Файл больше допустимого размера', kk: 'Файл рұқсат етілген өлшемнен үлкен' },
  SRC_FILE_UNREADABLE: { kind: 'user', num: 203, en: 'File cannot be read', ru: 'Файл не удаётся прочитать', kk: 'Файлды оқу мүмкін емес' },
  SRC_FILE_EMPTY: { kind: 'user', num: 204, en: 'File is empty', ru: 'Файл пустой', kk: 'Файл бос' },
  SRC_RENAME_FAILED: { kind: 'operational', num: 205, en: 'File could not be moved (locked by another program)', ru: 'Не удалось переместить файл (занят другой программой)', kk: 'Файлды жылжыту мүмкін болмады (басқа бағдарлама ұстап тұр)' },
  SRC_FOLDER_UNAVAILABLE: { kind: 'operational', num: 206, en: 'Drop folder is not reachable', ru: 'Папка обмена недоступна', kk: 'Алмасу қалтасы қолжетімсіз' },
  SRC_DELIVERY_FAILED: { kind: 'operational', num: 207, en: 'File could not be processed after repeated attempts', ru: 'Файл не удалось обработать после нескольких попыток', kk: 'Файлды бірнеше әрекеттен кейін өңдеу мүмкін болмады' },
  // Formats (FMT_)
  FMT_UNKNOWN: { kind: 'user', num: 301, en: 'No format plugin recognises this file', ru: 'Формат файла не распознан', kk: 'Файл пішімі танылмады' },
  FMT_SYNTAX: { kind: 'user', num: 302, en: 'File syntax error', ru: 'Ошибка синтаксиса файла', kk: 'Файл синтаксисінің қатесі' },
  FMT_REQUIRED_KEY: { kind: 'user', num: 303, en: 'Required key is missing', ru: 'Отсутствует обязательный ключ', kk: 'Міндетті кілт жоқ' },
  FMT_BAD_VALUE: { kind: 'user', num: 304, en: 'Value has a wrong form', ru: 'Неверное значение', kk: 'Мән қате' },
  FMT_PLUGIN_FAILED: { kind: 'bug', num: 305, en: 'Format plugin failed unexpectedly', ru: 'Внутренняя ошибка модуля формата', kk: 'Пішім модулінің ішкі қатесі' },
  FMT_UNEXPECTED_EOF: { kind: 'user', num: 306, en: 'Unexpected end of file (section not closed)', ru: 'Неожиданный конец файла (секция не закрыта)', kk: 'Файл күтпеген жерде аяқталды (секция жабылмаған)' },
  FMT_BAD_DATE: { kind: 'user', num: 307, en: 'Date has a wrong form (expected dd.mm.yyyy)', ru: 'Неверная дата (ожидается ДД.ММ.ГГГГ)', kk: 'Күн қате (КК.АА.ЖЖЖЖ түрінде болуы керек)' },
  FMT_TOO_MANY_DECIMALS: { kind: 'user', num: 308, en: 'Too many digits after the decimal point', ru: 'Слишком много знаков после запятой', kk: 'Үтірден кейін цифрлар тым көп' },
  FMT_ENCODING_MISMATCH: { kind: 'user', num: 309, en: 'File encoding differs from the declared one', ru: 'Кодировка файла не совпадает с указанной', kk: 'Файл кодтауы көрсетілген кодтаумен сәйкес емес' },
  FMT_BAD_BYTES: { kind: 'user', num: 310, en: 'Line contains bytes that are not valid text in the file encoding', ru: 'Строка содержит байты, недопустимые в кодировке файла', kk: 'Жолда файл кодтауында жарамсыз байттар бар' },
  FMT_SECTION_SKIPPED: { kind: 'user', num: 311, en: 'Section is not imported in this direction and was skipped', ru: 'Секция не загружается в этом направлении и пропущена', kk: 'Секция бұл бағытта жүктелмейді және өткізіліп жіберілді' },
  FMT_DUPLICATE_KEY: { kind: 'user', num: 312, en: 'Key is repeated in the same section', ru: 'Ключ повторяется в одной секции', kk: 'Кілт бір секцияда қайталанады' },
  FMT_NOT_SUPPORTED: { kind: 'user', num: 313, en: 'This part of the file is not read by this gateway version yet', ru: 'Эта часть файла пока не читается данной версией шлюза', kk: 'Файлдың бұл бөлігін шлюздің осы нұсқасы әлі оқымайды' },
  // Validation (VAL_)
  VAL_AMOUNT: { kind: 'user', num: 401, en: 'Amount is not valid', ru: 'Неверная сумма', kk: 'Сома қате' },
  VAL_CURRENCY: { kind: 'user', num: 402, en: 'Currency code is not valid', ru: 'Неверный код валюты', kk: 'Валюта коды қате' },
  // Plugins / host (PLG_)
  PLG_INVALID: { kind: 'bug', num: 501, en: 'Plugin definition is invalid', ru: 'Неверное описание модуля', kk: 'Модуль сипаттамасы қате' },
  PLG_DUPLICATE: { kind: 'bug', num: 502, en: 'Two plugins claim the same name or format', ru: 'Два модуля с одинаковым именем или форматом', kk: 'Бірдей атаулы немесе пішімді екі модуль' },
  // Queue (QUE_)
  QUE_HANDLER_MISSING: { kind: 'bug', num: 601, en: 'No handler for job', ru: 'Нет обработчика задания', kk: 'Тапсырма өңдегіші жоқ' },
  QUE_LEASE_LOST: { kind: 'operational', num: 602, en: 'Job lease expired while running', ru: 'Аренда задания истекла', kk: 'Тапсырманың жалдау мерзімі өтті' },
  QUE_SHUTDOWN: { kind: 'operational', num: 603, en: 'Queue worker is shutting down', ru: 'Обработчик очереди останавливается', kk: 'Кезек өңдеушісі тоқтатылуда' },
  QUE_CLOSED: { kind: 'bug', num: 604, en: 'Queue is closed', ru: 'Очередь закрыта', kk: 'Кезек жабық' },
  QUE_BAD_OPTIONS: { kind: 'bug', num: 605, en: 'Queue or job options are invalid', ru: 'Неверные параметры очереди или задания', kk: 'Кезек немесе тапсырма параметрлері қате' },
  // Store (STO_)
  STO_AUDIT_BROKEN: { kind: 'bug', num: 701, en: 'Audit chain does not verify', ru: 'Цепочка журнала аудита нарушена', kk: 'Аудит журналының тізбегі бұзылған' },
  STO_BLOB_MISSING: { kind: 'bug', num: 702, en: 'Stored file bytes are missing', ru: 'Сохранённые байты файла отсутствуют', kk: 'Сақталған файл байттары жоқ' },
  // Internal
  BUG_UNEXPECTED: { kind: 'bug', num: 999, en: 'Unexpected internal error', ru: 'Непредвиденная внутренняя ошибка', kk: 'Күтпеген ішкі қате' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function errorInfo(code: ErrorCode): ErrorCodeInfo {
  return ERROR_CODES[code];
}
