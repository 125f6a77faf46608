/**
 * The one call the dashboard makes of qrcode, for the pages' type check: @types/qrcode also
 * declares its Node-only writers and so brings Node's declarations (Buffer, fs) into the browser's.
 */
declare const QRCode: {
  toString(
    text: string,
    options: { type: 'svg'; margin?: number; errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' },
  ): Promise<string>;
};
export default QRCode;
