/**
 * The general agent moved to src/flows/assistant/; these names stay importable from here until
 * every caller imports the new place.
 */
export type { GeneralAgent, GeneralInput, GeneralReply, UserProfile } from '../../assistant/port.js';
