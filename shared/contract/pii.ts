// Masking of personal data in free text (个人信息脱敏), applied before anything is stored:
// 18-digit resident ID numbers keep their first 6 and last 4 characters, mainland mobile numbers
// their first 3 and last 4. Digits that are part of a longer number are left alone.

const ID_CARD = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

export function maskPersonalData(text: string): string {
  return text.replace(ID_CARD, '$1********$2').replace(MOBILE, '$1****$2');
}
