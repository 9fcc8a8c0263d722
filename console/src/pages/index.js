import * as calls from "./calls.js";
import * as keys from "./keys.js";
import * as leads from "./leads.js";
import * as messages from "./messages.js";
import * as overview from "./overview.js";
import * as settings from "./settings.js";
import * as staff from "./staff.js";
import * as team from "./team.js";
import * as today from "./today.js";

// Page name in the URL (/b/{business}/{name}) -> its title, renderer and who may open it.
export const PAGES = {
  today: { title: "Schedule", render: today.render },
  calls: { title: "Calls", render: calls.render },
  leads: { title: "Leads", render: leads.render },
  messages: { title: "Messages", render: messages.render },
  overview: { title: "Overview", render: overview.render },
  settings: { title: "Settings", render: settings.render, ownerOnly: true },
  staff: { title: "Staff", render: staff.render, ownerOnly: true },
  team: { title: "Team", render: team.render, ownerOnly: true },
  keys: { title: "API keys", render: keys.render, ownerOnly: true },
};
