/** Cells that a spreadsheet would run as a formula get a leading apostrophe (CSV injection). */
export const spreadsheetSafe = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
