import { en } from "./en.ts";
import { provideDictionary } from "./index.ts";
import { ja } from "./ja.ts";

// The server renders any page in either language, so it holds both from the start. Imported for its
// effect by locale.server.ts, which every page's root loader uses.
provideDictionary("en", en);
provideDictionary("ja", ja);
