/** The ribbon's function file. The only button opens the task pane (ShowTaskpane), so nothing runs here but Office's start-up. */
Office.onReady(() => undefined);
