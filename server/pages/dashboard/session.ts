/** Who the dashboard is signed in as, and which ledger it shows: the API client for both. */
import { apiClient } from '../../http/client.ts';

const TOKEN_KEY = 'ledger-office-token';
const LEDGER_KEY = 'ledger-current';

export const token = () => sessionStorage.getItem(TOKEN_KEY) ?? '';
export const signIn = (value: string) => sessionStorage.setItem(TOKEN_KEY, value);
export const signOut = () => sessionStorage.removeItem(TOKEN_KEY);

export const currentLedger = () => sessionStorage.getItem(LEDGER_KEY) ?? '';
export const chooseLedger = (id: string) => sessionStorage.setItem(LEDGER_KEY, id);

export const client = () => apiClient(location.origin, token());

/** The routes of the ledger shown. */
export const ledgerClient = () => client().ledgers[':ledgerId'];
export const ledgerParam = () => ({ param: { ledgerId: currentLedger() } });
