/** What a clerk pastes to sign in: the link the office sends (…/u/#token=…) or the bare token. */
export function tokenOf(pasted: string): string {
  const text = pasted.trim();
  const inLink = /[#&?]token=([\w-]+)/.exec(text);
  return inLink ? inLink[1]! : text;
}
