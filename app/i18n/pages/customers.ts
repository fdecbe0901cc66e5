import { enCustomers } from "../en-customers.ts";
import { providePageStrings } from "../index.ts";
import { jaCustomers } from "../ja-customers.ts";

providePageStrings(enCustomers, jaCustomers);
