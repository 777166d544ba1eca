// Slash-command definitions generated from the core's one command table, so a command added there is
// registered on Discord with nothing written twice: integer options with their range, a fixed list as
// choices, catalog-backed values as autocomplete, admin-only commands hidden from members without
// Manage Server (default_member_permissions; the core checks again on every use).
import { ApplicationCommandOptionType, ApplicationCommandType, InteractionContextType, PermissionFlagsBits } from 'discord.js';
import type { APIApplicationCommandBasicOption, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { COMMANDS, type CommandArg, type CommandSpec } from '../../core/commands.ts';

const DESCRIPTION_MAX = 100;
const MAX_CHOICES = 25;
/** Discord's longest string option. */
const STRING_OPTION_MAX = 6000;

export function slashCommands(commands: readonly CommandSpec[] = COMMANDS): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((command) => ({
    type: ApplicationCommandType.ChatInput,
    name: command.name,
    description: shorten(command.description),
    // Discord lists required options first; the core reads options by name, so the order is free.
    options: [...command.args].sort((a, b) => Number(b.required) - Number(a.required)).map(option),
    contexts: [InteractionContextType.Guild],
    ...(command.admin ? { default_member_permissions: String(PermissionFlagsBits.ManageGuild) } : {}),
  }));
}

function option(arg: CommandArg): APIApplicationCommandBasicOption {
  const base = { name: arg.name, description: shorten(arg.description), required: arg.required };
  const choices = arg.choices && arg.choices.length <= MAX_CHOICES ? arg.choices : undefined;
  if (arg.type === 'integer') {
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer,
      ...(arg.min !== undefined ? { min_value: arg.min } : {}),
      ...(arg.max !== undefined ? { max_value: arg.max } : {}),
      ...(choices ? { choices: choices.map((c) => ({ name: c, value: Number(c) })) } : arg.complete ? { autocomplete: true } : {}),
    };
  }
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    max_length: arg.rest ? STRING_OPTION_MAX : Math.min(arg.max ?? 100, STRING_OPTION_MAX),
    ...(choices ? { choices: choices.map((c) => ({ name: c, value: c })) } : arg.complete ? { autocomplete: true } : {}),
  };
}

function shorten(text: string): string {
  return text.length <= DESCRIPTION_MAX ? text : `${text.slice(0, DESCRIPTION_MAX - 1)}…`;
}
