// The two tools that are more than one engine call: show_memory (what the memory view opens on when
// the user asks what is remembered) and edit_profile_line (one line of the profile, as the view saw it).
import { replaceProfileLine } from '../../shared/profileLines.js';
import type {
  EditProfileLineArgs,
  EditProfileLineResult,
  ShowMemoryArgs,
  ShowMemoryResult,
} from '../../shared/tools.js';
import { NotFoundError } from '../errors.js';
import type { UserMemory } from '../memory/types.js';

export async function showMemory(memory: UserMemory, args: ShowMemoryArgs): Promise<ShowMemoryResult> {
  const latest = (await memory.profileHistory())[0];
  const pages = await memory.listPages({ limit: args.limit });
  return {
    status: 'success',
    user: memory.user,
    profile: latest?.text ?? '',
    profile_updated_at: latest?.created_at ?? null,
    recent_pages: pages.items.map((p) => ({
      memory_id: p.id,
      user_input: p.user_input,
      agent_response: p.agent_response,
      timestamp: p.timestamp,
      memory_type: p.memory_type,
      tags: p.tags,
      meta_info: p.meta_info,
      segment_id: p.segment_id,
      tier: p.tier,
    })),
    total_pages: pages.total,
    user_knowledge: (await memory.listKnowledge('user', { limit: args.limit })).items,
    assistant_knowledge: (await memory.listKnowledge('assistant', { limit: args.limit })).items,
  };
}

/** Read and write in one transaction: no other write can slip between them. */
export async function editProfileLine(memory: UserMemory, args: EditProfileLineArgs): Promise<EditProfileLineResult> {
  const saved = await memory.changeProfile((current) => {
    const next = replaceProfileLine(current, args.old_line, args.new_line);
    if (next === null)
      throw new NotFoundError(
        `the profile has no line "${args.old_line.slice(0, 200)}"; it may have changed since it was shown`,
      );
    return next;
  });
  return { status: 'success', profile: saved.text, profile_updated_at: saved.created_at };
}
