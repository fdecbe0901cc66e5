import { enSearch } from "../en-search.ts";
import { providePageStrings } from "../index.ts";
import { jaSearch } from "../ja-search.ts";

providePageStrings(enSearch, jaSearch);
