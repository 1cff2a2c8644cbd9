/** Test helpers for the interactive sign-in: a cookie-keeping browser and "sign in through the forms". */
export { Browser, decodeHtml, type PageForm, pageText, readForms } from './browser.ts';
export { demo, startTenant, type TestTenant } from './server.ts';
export {
  type AuthorizeOptions,
  type AuthorizeResult,
  authorize,
  authorizeUrl,
  type PageKind,
  pkcePair,
  SignInPageError,
  signInAndGetCode,
} from './sign-in.ts';
