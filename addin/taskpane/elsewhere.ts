/**
 * The pane where it cannot work: a host too old for it, or a plain browser (neither Excel nor
 * WPS). It says so, and offers what works there: the add-in's manifest, the WPS publish page, the
 * unit page.
 */
import { $ } from './dom.ts';

/** A host too old for the pane: say so, and send the clerk to the unit page, which needs only a browser. */
export function unsupported() {
  for (const section of document.querySelectorAll<HTMLElement>('body > :not(header, #unsupported)'))
    section.hidden = true;
  $('#unsupported').hidden = false;
  $<HTMLAnchorElement>('#unit-page').href = `${location.origin}/u/`;
  $<HTMLAnchorElement>('#unit-page').textContent = `单位填报页（${location.origin}/u/）`;
}

/** Opened in a browser, not in Excel: the pane says where it runs and how to add it, and offers the unit page. */
export function outsideExcel() {
  for (const section of document.querySelectorAll<HTMLElement>('body > :not(header, #outside)')) section.hidden = true;
  $('#outside').hidden = false;
  // The pane's words are switched by the pane, which does not run here.
  $('#language').hidden = true;
  $<HTMLAnchorElement>('#outside-manifest').href = `${location.origin}/manifest.xml`;
  $<HTMLAnchorElement>('#outside-wps').href = `${location.origin}/wps/publish.html`;
  $<HTMLAnchorElement>('#outside-unit-page').href = `${location.origin}/u/`;
}
