// A payer or beneficiary as the bank needs it (KZ requisites plus ISO 20022-era fields).

export interface Party {
  name: string;
  /** BIN (legal entity) or IIN (individual), 12 digits. */
  binIin?: string;
  /** IIK: the KZ IBAN, 20 characters. */
  iban?: string;
  /** Bank BIC (8 or 11 characters). */
  bic?: string;
  bankName?: string;
  /** KOd (payer) or KBe (beneficiary): residency digit + economic sector digit. */
  code?: string;
  /** ISO 3166 alpha-2 country of residence (ISO 20022-era field). */
  country?: string;
}
