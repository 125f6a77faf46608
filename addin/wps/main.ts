/**
 * The WPS add-in's ribbon callbacks (ribbon.xml names them): WPS opens index.html from the
 * add-in's address, which loads this script. 整改台账 opens the task pane beside the sheet, or
 * shows and hides it; 加载项自检 opens the self-test page. Both pages come from the same address.
 */
import './legacy.ts';

interface TaskPane {
  ID: number;
  Visible: boolean;
}

interface RibbonApplication {
  CreateTaskPane(url: string): TaskPane;
  GetTaskPane(id: number): TaskPane | null;
  PluginStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

interface Control {
  Id: string;
}

const app = () => (window as unknown as { Application: RibbonApplication }).Application;
const here = (page: string) => new URL(page, location.href).toString();

/** One pane per page: shown and hidden again on each click, made once. */
function toggle(key: string, page: string) {
  const application = app();
  const id = Number(application.PluginStorage.getItem(key));
  const known = id ? application.GetTaskPane(id) : null;
  if (known) {
    known.Visible = !known.Visible;
    return;
  }
  const pane = application.CreateTaskPane(here(page));
  application.PluginStorage.setItem(key, String(pane.ID));
  pane.Visible = true;
}

const callbacks = {
  OnAddinLoad: () => true,
  OnAction(control: Control) {
    if (control.Id === 'ledgerPane') toggle('ledger-pane', 'taskpane.html');
    if (control.Id === 'ledgerSelfTest') toggle('ledger-self-test', 'self-test.html');
    return true;
  },
  GetImage: (control: Control) => (control.Id === 'ledgerSelfTest' ? 'assets/icon-32.png' : 'assets/icon-80.png'),
};

Object.assign(window, callbacks);
