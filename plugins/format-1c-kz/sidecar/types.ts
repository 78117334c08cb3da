// What side-car readers return: employee lists with the reference each list gives to its payment order.
import type { Issue } from '../../../gateway/core/issue.ts';
import type { ListRow } from '../../../gateway/core/model/document.ts';
import type { Money } from '../../../gateway/core/model/money.ts';
import type { Charset } from '../charsets.ts';

/** Where a list says it belongs; every part is optional (a plain CSV of employees says nothing). */
export interface ListRef {
  /** Payer account (IIK) of the payment order. */
  payerIban?: string;
  /** Payment order number. */
  number?: string;
  /** Payer BIN/IIN. */
  binIin?: string;
  /** Date of the list ('YYYY-MM-DD'). */
  date?: string;
  /** Registry number (1C standard 109 `НомерРеестра`). */
  registry?: string;
  /** Control total the file declares (XML `СуммаИтого`); the matcher uses the sum of the rows. */
  total?: Money;
  /** Control count the file declares (XML `КоличествоЗаписей`). */
  count?: number;
}

export interface EmployeeList {
  source: 'csv' | 'xml-109';
  /** 1-based line in the side-car where the list starts (CSV header or first row of its group, XML list element). */
  line: number;
  ref: ListRef;
  rows: ListRow[];
  /** Rows that could not be read (their problems are in the issues): such a list is never attached. */
  invalidRows: number;
}

export interface SideCarParse {
  /** Lists in file order (a CSV with number/account columns gives one list per payment order). */
  lists: EmployeeList[];
  /** All readable rows of all lists, in file order. */
  rows: ListRow[];
  /** Problems with lines in the side-car file. */
  issues: Issue[];
  charset: Charset;
}
