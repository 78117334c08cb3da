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
  FMT_LIST_MISSING: { kind: 'user', num: 314, en: 'Employee list for this payment is not in the file', ru: 'Список сотрудников к этому платежу в файле отсутствует', kk: 'Бұл төлемге қызметкерлер тізімі файлда жоқ' },
  FMT_KIND_CONFLICT: { kind: 'user', num: 315, en: 'Payment purpose code (KNP) and beneficiary point to different payment kinds', ru: 'Код назначения платежа (КНП) и получатель указывают на разные виды платежа', kk: 'Төлем мақсатының коды (ТМК) мен алушы әртүрлі төлем түрлерін көрсетеді' },
  FMT_SIDECAR_MISMATCH: { kind: 'user', num: 316, en: 'Employee list file does not match the payment order (account, number or total)', ru: 'Файл списка сотрудников не соответствует платежному поручению (счет, номер или сумма)', kk: 'Қызметкерлер тізімінің файлы төлем тапсырмасына сәйкес емес (шот, нөмір немесе сома)' },
  FMT_SIDECAR_AMBIGUOUS: { kind: 'user', num: 317, en: 'Employee list matches more than one payment order', ru: 'Список сотрудников подходит к нескольким платежным поручениям', kk: 'Қызметкерлер тізімі бірнеше төлем тапсырмасына сәйкес келеді' },
  FMT_SIDECAR_UNUSED: { kind: 'user', num: 318, en: 'Employee list matches no payment order in the file', ru: 'Список сотрудников не подходит ни к одному платежному поручению файла', kk: 'Қызметкерлер тізімі файлдағы бірде-бір төлем тапсырмасына сәйкес келмейді' },
  FMT_TOTALS_MISMATCH: { kind: 'user', num: 319, en: 'Totals do not add up (control sums or statement balances)', ru: 'Итоги не сходятся (контрольные суммы или остатки выписки)', kk: 'Қорытындылар сәйкес келмейді (бақылау сомалары немесе үзінді-көшірме қалдықтары)' },
  FMT_UNENCODABLE: { kind: 'user', num: 320, en: 'Text contains a character the chosen encoding cannot represent', ru: 'Текст содержит символ, который нельзя записать в выбранной кодировке', kk: 'Мәтінде таңдалған кодтауда жазуға болмайтын таңба бар' },
  FMT_STATEMENT_NOT_ORDERS: { kind: 'user', num: 321, en: 'File is a bank statement, not payment orders: nothing in it was sent to the bank', ru: 'Файл — банковская выписка, а не платёжные поручения: ничего из него в банк не отправлено', kk: 'Файл — банк үзінді-көшірмесі, төлем тапсырмалары емес: одан банкке ештеңе жіберілмеді' },
  // Validation (VAL_)
  VAL_AMOUNT: { kind: 'user', num: 401, en: 'Amount is not valid', ru: 'Неверная сумма', kk: 'Сома қате' },
  VAL_CURRENCY: { kind: 'user', num: 402, en: 'Currency code is not valid', ru: 'Неверный код валюты', kk: 'Валюта коды қате' },
  VAL_REQUIRED: { kind: 'user', num: 410, en: 'Required field is empty', ru: 'Не заполнено обязательное поле', kk: 'Міндетті өріс толтырылмаған' },
  VAL_PURPOSE_TOO_LONG: { kind: 'user', num: 411, en: 'Payment purpose is too long', ru: 'Назначение платежа слишком длинное', kk: 'Төлем мақсаты тым ұзын' },
  VAL_NAME_TOO_LONG: { kind: 'user', num: 412, en: 'Name is longer than the bank accepts', ru: 'Наименование длиннее, чем принимает банк', kk: 'Атауы банк қабылдайтын ұзындықтан асады' },
  VAL_DATE: { kind: 'user', num: 413, en: 'Date is not a valid calendar date', ru: 'Недопустимая дата', kk: 'Жарамсыз күн' },
  VAL_VALUE_DATE_PAST: { kind: 'user', num: 414, en: 'Value date is in the past', ru: 'Дата валютирования в прошлом', kk: 'Валюталау күні өтіп кеткен' },
  VAL_DATE_FUTURE: { kind: 'user', num: 415, en: 'Date is far in the future', ru: 'Дата слишком далеко в будущем', kk: 'Күн болашақта тым алыс' },
  VAL_IBAN_LENGTH: { kind: 'user', num: 420, en: 'Account (IBAN) must have 20 characters', ru: 'ИИК (IBAN) должен содержать 20 символов', kk: 'ЖСК (IBAN) 20 таңбадан тұруы керек' },
  VAL_IBAN_COUNTRY: { kind: 'user', num: 421, en: 'Account (IBAN) is not a Kazakhstan account (must start with KZ)', ru: 'ИИК (IBAN) не казахстанский (должен начинаться с KZ)', kk: 'ЖСК (IBAN) қазақстандық емес (KZ әріптерінен басталуы керек)' },
  VAL_IBAN_CHARS: { kind: 'user', num: 422, en: 'Account (IBAN) contains characters that are not allowed', ru: 'ИИК (IBAN) содержит недопустимые символы', kk: 'ЖСК (IBAN) рұқсат етілмеген таңбалар бар' },
  VAL_IBAN_CHECKSUM: { kind: 'user', num: 423, en: 'Account (IBAN) check digits do not match (typo?)', ru: 'Не сходятся контрольные цифры ИИК (IBAN) — возможно, опечатка', kk: 'ЖСК (IBAN) бақылау сандары сәйкес келмейді (қате терілген болуы мүмкін)' },
  VAL_BIC_FORMAT: { kind: 'user', num: 430, en: 'BIC has a wrong form', ru: 'Неверный формат БИК', kk: 'БСК пішімі қате' },
  VAL_BIC_COUNTRY: { kind: 'user', num: 431, en: 'BIC is not a Kazakhstan bank', ru: 'БИК не принадлежит банку Казахстана', kk: 'БСК Қазақстан банкіне тиесілі емес' },
  VAL_BIC_UNKNOWN: { kind: 'user', num: 432, en: 'BIC is not in the bank directory', ru: 'БИК отсутствует в справочнике банков', kk: 'БСК банктер анықтамалығында жоқ' },
  VAL_IBAN_BANK_UNKNOWN: { kind: 'user', num: 433, en: 'Bank code in the account is not in the bank directory', ru: 'Код банка в ИИК отсутствует в справочнике банков', kk: 'ЖСК-дағы банк коды банктер анықтамалығында жоқ' },
  VAL_IBAN_BIC_MISMATCH: { kind: 'user', num: 434, en: 'Account belongs to a different bank than the BIC', ru: 'ИИК открыт в другом банке, чем указан БИК', kk: 'ЖСК БСК көрсеткен банкте емес, басқа банкте ашылған' },
  VAL_IBAN_BIC_UNCONFIRMED: { kind: 'user', num: 435, en: 'Account and BIC may belong to different banks (directory entry unconfirmed)', ru: 'ИИК и БИК, возможно, относятся к разным банкам (запись справочника не подтверждена)', kk: 'ЖСК мен БСК әртүрлі банктерге тиесілі болуы мүмкін (анықтамалық жазбасы расталмаған)' },
  VAL_BIN_IIN_FORMAT: { kind: 'user', num: 440, en: 'BIN/IIN must be 12 digits', ru: 'БИН/ИИН должен состоять из 12 цифр', kk: 'БСН/ЖСН 12 цифрдан тұруы керек' },
  VAL_BIN_IIN_CHECKSUM: { kind: 'user', num: 441, en: 'BIN/IIN check digit does not match (typo?)', ru: 'Неверная контрольная цифра БИН/ИИН — возможно, опечатка', kk: 'БСН/ЖСН бақылау цифры сәйкес келмейді (қате терілген болуы мүмкін)' },
  VAL_IIN_DATE: { kind: 'user', num: 442, en: 'IIN does not start with a valid birth date', ru: 'ИИН не начинается с правильной даты рождения', kk: 'ЖСН дұрыс туған күннен басталмайды' },
  VAL_IIN_CENTURY: { kind: 'user', num: 443, en: 'IIN 7th digit (century and sex) is not valid', ru: 'Неверная 7-я цифра ИИН (век и пол)', kk: 'ЖСН-нің 7-цифры (ғасыр және жыныс) қате' },
  VAL_IIN_CENTURY_UNKNOWN: { kind: 'user', num: 444, en: 'IIN 7th digit is 0 (century and sex not stated)', ru: '7-я цифра ИИН равна 0 (век и пол не указаны)', kk: 'ЖСН-нің 7-цифры 0 (ғасыр мен жыныс көрсетілмеген)' },
  VAL_BIN_MONTH: { kind: 'user', num: 445, en: 'BIN registration month (digits 3–4) is not 01–12', ru: 'Месяц регистрации в БИН (3–4 цифры) не от 01 до 12', kk: 'БСН-дағы тіркелу айы (3–4 цифрлар) 01–12 аралығында емес' },
  VAL_BIN_TYPE: { kind: 'user', num: 446, en: 'BIN/IIN 5th digit is neither an IIN birth day nor a BIN entity type', ru: '5-я цифра не подходит ни для ИИН (день рождения), ни для БИН (тип лица)', kk: '5-цифр ЖСН-ге де (туған күн), БСН-ге де (тұлға түрі) сәйкес келмейді' },
  VAL_IIN_EXPECTED: { kind: 'user', num: 447, en: "An individual's IIN is required, not a BIN", ru: 'Требуется ИИН физического лица, а не БИН', kk: 'БСН емес, жеке тұлғаның ЖСН-і қажет' },
  VAL_KOD_KBE_FORMAT: { kind: 'user', num: 450, en: 'KOd/KBe must be 2 digits', ru: 'КОд/КБе должен состоять из 2 цифр', kk: 'ЖТК/БеК 2 цифрдан тұруы керек' },
  VAL_KOD_KBE_RESIDENCY: { kind: 'user', num: 451, en: 'KOd/KBe first digit (residency) must be 1 or 2', ru: 'Первая цифра КОд/КБе (резидентство) должна быть 1 или 2', kk: 'ЖТК/БеК бірінші цифры (резиденттік) 1 немесе 2 болуы керек' },
  VAL_KOD_KBE_SECTOR: { kind: 'user', num: 452, en: 'KOd/KBe second digit (economic sector) must be 1–9', ru: 'Вторая цифра КОд/КБе (сектор экономики) должна быть от 1 до 9', kk: 'ЖТК/БеК екінші цифры (экономика секторы) 1–9 болуы керек' },
  VAL_KNP_FORMAT: { kind: 'user', num: 460, en: 'KNP must be 3 digits', ru: 'КНП должен состоять из 3 цифр', kk: 'ТМК 3 цифрдан тұруы керек' },
  VAL_KNP_UNKNOWN: { kind: 'user', num: 461, en: 'KNP is not in the dictionary', ru: 'КНП отсутствует в справочнике', kk: 'ТМК анықтамалықта жоқ' },
  VAL_KNP_KIND: { kind: 'user', num: 462, en: 'KNP does not fit the kind of payment', ru: 'КНП не соответствует виду платежа', kk: 'ТМК төлем түріне сәйкес келмейді' },
  VAL_KBK_FORMAT: { kind: 'user', num: 470, en: 'KBK must be 6 digits', ru: 'КБК должен состоять из 6 цифр', kk: 'БСЖ 6 цифрдан тұруы керек' },
  VAL_KBK_REQUIRED: { kind: 'user', num: 471, en: 'A budget payment needs a KBK', ru: 'Для платежа в бюджет нужен КБК', kk: 'Бюджетке төлем үшін БСЖ қажет' },
  VAL_BUDGET_BANK: { kind: 'user', num: 472, en: "Budget payments must go to the Treasury's BIC", ru: 'Платежи в бюджет направляются на БИК Казначейства', kk: 'Бюджетке төлемдер Қазынашылықтың БСК-сына жіберіледі' },
  VAL_BUDGET_ACCOUNT: { kind: 'user', num: 473, en: 'Account is not a known Treasury account for budget payments', ru: 'Счёт не является известным счётом Казначейства для платежей в бюджет', kk: 'Шот бюджетке төлемдерге арналған Қазынашылықтың белгілі шоты емес' },
  VAL_RECIPIENT: { kind: 'user', num: 480, en: 'Statutory payment does not go to the required recipient (Government for Citizens)', ru: 'Обязательный платёж направлен не тому получателю (Госкорпорация «Правительство для граждан»)', kk: 'Міндетті төлем тиісті алушыға («Азаматтарға арналған үкімет» мемлекеттік корпорациясына) жіберілмеген' },
  VAL_RECIPIENT_UNCONFIRMED: { kind: 'user', num: 481, en: 'Statutory payment recipient differs from the configured one (requisites unconfirmed)', ru: 'Получатель обязательного платежа отличается от настроенного (реквизиты не подтверждены)', kk: 'Міндетті төлем алушысы бапталғаннан өзгеше (деректемелер расталмаған)' },
  VAL_RECIPIENT_OBSOLETE: { kind: 'user', num: 482, en: 'Recipient requisites are obsolete (former ГЦВП)', ru: 'Устаревшие реквизиты получателя (бывший ГЦВП)', kk: 'Алушының ескірген деректемелері (бұрынғы ГЦВП)' },
  VAL_LIST_MISSING: { kind: 'user', num: 490, en: 'Employee list was not read; its rows are not checked', ru: 'Список сотрудников не прочитан; строки не проверены', kk: 'Қызметкерлер тізімі оқылмады; жолдары тексерілмеді' },
  VAL_LIST_EMPTY: { kind: 'user', num: 491, en: 'Employee list has no rows', ru: 'Список сотрудников пуст', kk: 'Қызметкерлер тізімі бос' },
  VAL_LIST_SUM: { kind: 'user', num: 492, en: 'List rows do not add up to the payment amount', ru: 'Сумма строк списка не равна сумме платежа', kk: 'Тізім жолдарының сомасы төлем сомасына тең емес' },
  VAL_LIST_ROW_AMOUNT: { kind: 'user', num: 493, en: 'List row amount must be greater than zero', ru: 'Сумма в строке списка должна быть больше нуля', kk: 'Тізім жолындағы сома нөлден үлкен болуы керек' },
  VAL_LIST_PERIOD: { kind: 'user', num: 494, en: 'Period is not a valid month (YYYY-MM)', ru: 'Неверный период (ГГГГ-ММ)', kk: 'Кезең қате (ЖЖЖЖ-АА)' },
  VAL_LIST_PERIOD_MISSING: { kind: 'user', num: 495, en: 'Period is not stated', ru: 'Не указан период', kk: 'Кезең көрсетілмеген' },
  VAL_LIST_DUPLICATE: { kind: 'user', num: 496, en: 'The same IIN and period appear twice in the list', ru: 'ИИН с тем же периодом повторяется в списке', kk: 'Тізімде бір ЖСН сол кезеңмен қайталанады' },
  VAL_LIST_BIRTH_DATE: { kind: 'user', num: 497, en: 'Birth date differs from the date in the IIN', ru: 'Дата рождения не совпадает с датой в ИИН', kk: 'Туған күні ЖСН-дегі күнмен сәйкес келмейді' },
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
  // Signing (SIGN_): key providers, signature containers, the signature-right policy
  SIGN_KEY_NOT_FOUND: { kind: 'user', num: 801, en: 'Signing key not found', ru: 'Ключ подписи не найден', kk: 'Қолтаңба кілті табылмады' },
  SIGN_KEY_FILE_UNREADABLE: { kind: 'user', num: 802, en: 'Key file cannot be read or has a wrong form', ru: 'Файл ключа не читается или имеет неверный формат', kk: 'Кілт файлы оқылмайды немесе пішімі қате' },
  SIGN_PASSWORD_INCORRECT: { kind: 'user', num: 803, en: 'Wrong key password', ru: 'Неверный пароль ключа', kk: 'Кілт құпиясөзі қате' },
  SIGN_PIN_INCORRECT: { kind: 'user', num: 804, en: 'Wrong token PIN', ru: 'Неверный PIN-код токена', kk: 'Токеннің PIN-коды қате' },
  SIGN_PIN_LOCKED: { kind: 'user', num: 805, en: 'Token PIN is locked: unlock it with the PUK or ask the administrator', ru: 'PIN-код токена заблокирован: разблокируйте его PUK-кодом или обратитесь к администратору', kk: 'Токеннің PIN-коды бұғатталған: PUK-кодпен ашыңыз немесе әкімшіге хабарласыңыз' },
  SIGN_TOKEN_NOT_PRESENT: { kind: 'operational', num: 806, en: 'Token is not inserted: insert the token and retry', ru: 'Токен не вставлен: вставьте токен и повторите', kk: 'Токен салынбаған: токенді салып, қайталаңыз' },
  SIGN_DEVICE_REMOVED: { kind: 'operational', num: 807, en: 'Token was removed during the operation: insert it and retry', ru: 'Токен извлечён во время операции: вставьте его и повторите', kk: 'Операция кезінде токен алынды: оны салып, қайталаңыз' },
  SIGN_KEY_UNSUPPORTED: { kind: 'user', num: 808, en: 'Key type or size is not supported (RSA 2048+ or ECDSA P-256, or a configured token mechanism)', ru: 'Тип или длина ключа не поддерживается (RSA от 2048 или ECDSA P-256, либо настроенный механизм токена)', kk: 'Кілт түрі немесе ұзындығы қолдау көрсетілмейді (RSA 2048+ немесе ECDSA P-256, не баптаулы токен механизмі)' },
  SIGN_PROVIDER_FAILED: { kind: 'operational', num: 809, en: 'Key provider failed', ru: 'Сбой провайдера ключей', kk: 'Кілт провайдерінің ақауы' },
  SIGN_PROVIDER_UNAVAILABLE: { kind: 'user', num: 810, en: 'Key provider cannot be loaded (library or module missing)', ru: 'Провайдер ключей не загружается (нет библиотеки или модуля)', kk: 'Кілт провайдері жүктелмейді (кітапхана немесе модуль жоқ)' },
  SIGN_CMS_INVALID: { kind: 'user', num: 811, en: 'Signature container is malformed', ru: 'Контейнер подписи повреждён', kk: 'Қолтаңба контейнері бүлінген' },
  SIGN_SIGNATURE_INVALID: { kind: 'user', num: 812, en: 'Signature does not verify against the signed bytes', ru: 'Подпись не соответствует подписанным данным', kk: 'Қолтаңба қол қойылған деректерге сәйкес емес' },
  SIGN_CERT_EXPIRED: { kind: 'user', num: 813, en: 'Certificate has expired', ru: 'Срок действия сертификата истёк', kk: 'Сертификаттың мерзімі өтті' },
  SIGN_CERT_NOT_YET_VALID: { kind: 'user', num: 814, en: 'Certificate is not valid yet', ru: 'Сертификат ещё не действует', kk: 'Сертификат әлі күшіне енбеген' },
  SIGN_CERT_USAGE: { kind: 'user', num: 815, en: 'Certificate is not for digital signatures (key usage)', ru: 'Сертификат не предназначен для электронной подписи (назначение ключа)', kk: 'Сертификат электрондық қолтаңбаға арналмаған (кілт мақсаты)' },
  SIGN_KEY_NOT_BOUND: { kind: 'user', num: 816, en: 'Key is not bound to the signing user', ru: 'Ключ не привязан к подписывающему пользователю', kk: 'Кілт қол қоятын пайдаланушыға байланбаған' },
  SIGN_NO_RIGHT: { kind: 'user', num: 817, en: 'User has no signature right on this account', ru: 'У пользователя нет права подписи по этому счёту', kk: 'Пайдаланушының бұл шот бойынша қол қою құқығы жоқ' },
  SIGN_SAME_USER: { kind: 'user', num: 818, en: 'The same user cannot sign a document twice', ru: 'Один пользователь не может подписать документ дважды', kk: 'Бір пайдаланушы құжатқа екі рет қол қоя алмайды' },
  SIGN_TOO_MANY: { kind: 'user', num: 819, en: 'Document already has its complete set of signatures (at most two)', ru: 'Документ уже имеет полный комплект подписей (не более двух)', kk: 'Құжатта қолтаңбалардың толық жиынтығы бар (екіден көп емес)' },
  SIGN_WRONG_SET: { kind: 'user', num: 820, en: 'This signature right does not fit the signatures already on the document', ru: 'Это право подписи не сочетается с уже имеющимися подписями документа', kk: 'Бұл қол қою құқығы құжаттағы бар қолтаңбалармен үйлеспейді' },
  SIGN_DOCUMENT_CHANGED: { kind: 'user', num: 821, en: 'Document changed after it was shown for signing', ru: 'Документ изменился после того, как был показан для подписи', kk: 'Құжат қол қоюға көрсетілгеннен кейін өзгерді' },
  SIGN_STATE: { kind: 'user', num: 822, en: 'Document is not waiting for signatures', ru: 'Документ не ожидает подписи', kk: 'Құжат қол қоюды күтпейді' },
  SIGN_INCOMPLETE: { kind: 'user', num: 823, en: 'Document does not have a complete, valid set of signatures', ru: 'У документа нет полного действительного комплекта подписей', kk: 'Құжатта қолтаңбалардың толық жарамды жиынтығы жоқ' },
  SIGN_NO_POLICY: { kind: 'user', num: 824, en: 'No signature policy covers this account and document kind', ru: 'Нет политики подписи для этого счёта и вида документа', kk: 'Бұл шот пен құжат түріне қолтаңба саясаты жоқ' },
  SIGN_SESSION_LOCKED: { kind: 'user', num: 825, en: 'Key is locked: enter the PIN', ru: 'Ключ заблокирован: введите PIN-код', kk: 'Кілт құлыпталған: PIN-кодты енгізіңіз' },
  SIGN_USER_LOCKED: { kind: 'user', num: 826, en: 'User is locked or disabled', ru: 'Пользователь заблокирован или отключён', kk: 'Пайдаланушы бұғатталған немесе өшірілген' },
  // Authentication (AUTH_)
  AUTH_UNKNOWN_USER: { kind: 'user', num: 901, en: 'No such user', ru: 'Пользователь не найден', kk: 'Пайдаланушы табылмады' },
  AUTH_USER_EXISTS: { kind: 'user', num: 902, en: 'A user with this login already exists', ru: 'Пользователь с таким логином уже существует', kk: 'Мұндай логині бар пайдаланушы бар' },
  AUTH_BAD_INPUT: { kind: 'user', num: 903, en: 'User data has a wrong form', ru: 'Неверные данные пользователя', kk: 'Пайдаланушы деректері қате' },
  AUTH_PASSWORD_POLICY: { kind: 'user', num: 904, en: 'The new password does not meet the password rules', ru: 'Новый пароль не соответствует правилам паролей', kk: 'Жаңа құпиясөз құпиясөз ережелеріне сәйкес емес' },
  AUTH_LAST_ADMIN: { kind: 'user', num: 905, en: 'The last active administrator cannot be locked out', ru: 'Последнего активного администратора нельзя заблокировать', kk: 'Соңғы белсенді әкімшіні бұғаттауға болмайды' },
  AUTH_ADMIN_NO_SIGNING: { kind: 'user', num: 906, en: 'Administrators administer users and cannot hold signature rights', ru: 'Администраторы управляют пользователями и не могут иметь права подписи', kk: 'Әкімшілер пайдаланушыларды басқарады және қолтаңба құқығына ие бола алмайды' },
  AUTH_TOTP_STATE: { kind: 'user', num: 907, en: 'The second factor (one-time codes) is not in the state this needs', ru: 'Второй фактор (одноразовые коды) не в нужном состоянии', kk: 'Екінші фактор (бір реттік кодтар) қажетті күйде емес' },
  // Bank connectors (CONN_)
  CONN_UNREACHABLE: { kind: 'operational', num: 1001, en: 'Bank is not reachable', ru: 'Банк недоступен', kk: 'Банк қолжетімсіз' },
  CONN_TIMEOUT: { kind: 'operational', num: 1002, en: 'Bank did not answer in time', ru: 'Банк не ответил вовремя', kk: 'Банк уақытында жауап бермеді' },
  CONN_CIRCUIT_OPEN: { kind: 'operational', num: 1003, en: 'Bank calls are paused after repeated failures', ru: 'Обращения к банку приостановлены после повторных сбоев', kk: 'Қайталанған ақаулардан кейін банкке жүгіну тоқтатылды' },
  CONN_SERVER_ERROR: { kind: 'operational', num: 1004, en: 'Bank answered with a server error', ru: 'Банк ответил ошибкой сервера', kk: 'Банк сервер қатесімен жауап берді' },
  CONN_UNKNOWN_OUTCOME: { kind: 'operational', num: 1005, en: 'Sent to the bank, answer lost: the status is asked before anything is resent', ru: 'Отправлено в банк, ответ не получен: статус запрашивается до любой повторной отправки', kk: 'Банкке жіберілді, жауап алынбады: қайта жіберу алдында мәртебе сұралады' },
  CONN_TLS_PIN: { kind: 'user', num: 1006, en: "Bank server certificate does not match the pinned fingerprint", ru: 'Сертификат сервера банка не совпадает с закреплённым отпечатком', kk: 'Банк серверінің сертификаты бекітілген таңбамен сәйкес емес' },
  CONN_AUTH: { kind: 'user', num: 1007, en: 'Bank refused the client credentials', ru: 'Банк отклонил учётные данные клиента', kk: 'Банк клиенттің тіркелгі деректерін қабылдамады' },
  CONN_BAD_REQUEST: { kind: 'user', num: 1008, en: 'Bank refused the request as malformed', ru: 'Банк отклонил запрос как некорректный', kk: 'Банк сұрауды қате деп қабылдамады' },
  CONN_BAD_RESPONSE: { kind: 'operational', num: 1009, en: 'Bank answer has an unexpected form', ru: 'Ответ банка имеет неожиданный формат', kk: 'Банк жауабының пішімі күтпеген' },
  CONN_NOT_FOUND: { kind: 'user', num: 1010, en: 'Bank does not know this document or account', ru: 'Банку неизвестен этот документ или счёт', kk: 'Банк бұл құжатты немесе шотты білмейді' },
  CONN_IDEMPOTENCY_MISMATCH: { kind: 'bug', num: 1011, en: 'The same idempotency key was sent with different content', ru: 'Тот же ключ идемпотентности отправлен с другим содержимым', kk: 'Бір идемпотенттілік кілті басқа мазмұнмен жіберілді' },
  CONN_CONFIG: { kind: 'user', num: 1012, en: 'Bank connection is not configured correctly', ru: 'Подключение к банку настроено неверно', kk: 'Банкке қосылу дұрыс бапталмаған' },
  // Internal
  BUG_UNEXPECTED: { kind: 'bug', num: 999, en: 'Unexpected internal error', ru: 'Непредвиденная внутренняя ошибка', kk: 'Күтпеген ішкі қате' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function errorInfo(code: ErrorCode): ErrorCodeInfo {
  return ERROR_CODES[code];
}
