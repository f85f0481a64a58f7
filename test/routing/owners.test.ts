import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FAKE_BOT_USER_ID, blockAction } from "../../sandbox/fakes/fake-slack.ts";
import { CHANNEL, Harness, MANAGER, STAFF } from "../support/harness.ts";

const JANE = "+12125550134";
const OTHER = "U0STAFF2";
const DUTY = "U0DUTY1";

const contactOf = (h: Harness, phone: string) => h.db.contact.findUniqueOrThrow({ where: { phone } });
const routingRecords = (h: Harness, phone: string) =>
  h.db.recordEntry.findMany({ where: { phone, type: "routing" }, orderBy: { seq: "asc" } });

/** The parent card as Slack holds it now. */
function card(h: Harness, thread: string): { text: string; blocks: any[] } {
  const m = h.slack.messages.get(`${CHANNEL}:${thread}`)!;
  return { text: m.text ?? "", blocks: m.blocks as any[] };
}
const ownerLine = (h: Harness, thread: string) =>
  card(h, thread).blocks.find((b) => b.type === "context" && /Owner|No owner/.test(b.elements[0].text)).elements[0]
    .text;
const ownerControls = (h: Harness, thread: string) =>
  card(h, thread).blocks.find((b) => String(b.block_id).startsWith("card_owner:"));

/** The latest post of the customer's words in the thread, and its mention line. */
function lastCustomerPost(h: Harness, thread: string) {
  const post = h.slack
    .callsTo("chat.postMessage")
    .filter((c) => !c.failed && c.params.thread_ts === thread && c.params.username)
    .at(-1)!.params;
  return { text: post.text as string, mention: (post.blocks as any[]).at(-1).elements[0].text as string };
}

describe("owners: the first staff member to text a reply owns the customer", () => {
  let h: Harness;
  let thread: string;
  beforeEach(async () => {
    h = await Harness.start({ settings: { onDutyIds: [DUTY] } });
    thread = await h.customerThread(JANE, "Is my car ready?");
  });
  afterEach(() => h.close());

  it("a note does not claim; the first texted reply does; the card, the thread and the record say so", async () => {
    expect(ownerLine(h, thread)).toMatch(/No owner yet: whoever replies first becomes the owner/);
    // The first text rode in the card: its mention line sits under it, the card's `text` unchanged.
    const first = card(h, thread);
    expect(first.blocks.at(-1).elements[0].text).toBe(
      `:bell: <@${DUTY}> (on duty): no owner yet; whoever replies first becomes the owner.`,
    );
    expect(first.text).toMatch(/Is my car ready\?$/);

    await h.staffReplies(thread, "note: checking with the shop", { user: OTHER });
    await h.drain();
    expect((await contactOf(h, JANE)).ownerId).toBeNull();

    await h.staffReplies(thread, "Yes, it's ready at 3pm");
    await h.drain();
    const c = await contactOf(h, JANE);
    expect(c.ownerId).toBe(STAFF);
    expect(c.ownerSince?.toISOString()).toBe(h.clock.now().toISOString());
    expect(ownerLine(h, thread)).toBe(`:bust_in_silhouette: Owner: <@${STAFF}>`);
    expect(ownerControls(h, thread).elements[1]).toMatchObject({ type: "users_select", initial_user: STAFF });
    expect(h.threadPosts(thread)).toContain(
      `:bust_in_silhouette: <@${STAFF}> replied first and is now this customer's owner: their texts will mention <@${STAFF}>.`,
    );
    const [rec] = await routingRecords(h, JANE);
    expect(rec).toMatchObject({ actor: STAFF, data: { event: "owner_set", to: STAFF, reason: "first_reply" } });

    // A second responder changes nothing.
    await h.staffReplies(thread, "I can also help", { user: OTHER });
    await h.drain();
    expect((await contactOf(h, JANE)).ownerId).toBe(STAFF);
    expect(await routingRecords(h, JANE)).toHaveLength(1);

    // The customer's next text mentions the owner; its own words are unchanged.
    await h.customerTexts(JANE, "Great, see you & thanks <3");
    await h.drain();
    const post = lastCustomerPost(h, thread);
    expect(post.text).toBe("Great, see you &amp; thanks &lt;3");
    expect(post.mention).toBe(`:bell: <@${STAFF}> (owner)`);
  });

  it("Assign to me and Assign to… move the owner, redraw the card, tell the thread and the person", async () => {
    const contact = await contactOf(h, JANE);
    const controls = ownerControls(h, thread);
    expect(controls.block_id).toBe(`card_owner:${contact.id}`);
    expect(controls.elements.map((e: any) => [e.type, e.action_id])).toEqual([
      ["button", "card_assign_me"],
      ["users_select", "card_assign_to"],
    ]);
    expect(controls.elements[1].placeholder).toEqual({ type: "plain_text", text: "Assign to…" });

    const [me] = await h.clickForResponse("card_assign_me", contact.id, OTHER);
    expect(me).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(me.text).toBe(
      `:white_check_mark: (212) 555-0134 is now owned by <@${OTHER}>; it had no owner. The card shows it and their texts mention <@${OTHER}>.`,
    );
    await h.drain();
    expect((await contactOf(h, JANE)).ownerId).toBe(OTHER);
    expect(ownerLine(h, thread)).toBe(`:bust_in_silhouette: Owner: <@${OTHER}>`);
    expect(h.threadPosts(thread)).toContain(`:bust_in_silhouette: <@${OTHER}> took this customer (it had no owner).`);

    const picked = await pick(h, { blockId: controls.block_id, user: OTHER, selected: STAFF });
    expect(picked.text).toMatch(new RegExp(`now owned by <@${STAFF}>; it was <@${OTHER}>`));
    await h.drain();
    expect(ownerLine(h, thread)).toBe(`:bust_in_silhouette: Owner: <@${STAFF}>`);
    expect(h.threadPosts(thread)).toContain(
      `:bust_in_silhouette: <@${OTHER}> assigned this customer to <@${STAFF}> (was <@${OTHER}>).`,
    );
    // Picking the owner again changes nothing, and says so.
    const same = await pick(h, { blockId: controls.block_id, user: OTHER, selected: STAFF });
    expect(same.text).toBe(`Nothing changed: (212) 555-0134 is already owned by <@${STAFF}>.`);
    expect((await routingRecords(h, JANE)).map((r) => [r.actor, (r.data as any).event])).toEqual([
      [OTHER, "owner_set"],
      [OTHER, "owner_changed"],
    ]);

    // A forged button or picker changes nothing.
    expect((await h.clickForResponse("card_assign_me", "not-a-uuid", OTHER))[0].text).toMatch(/out of date/);
    expect((await pick(h, { blockId: "card_owner:nope", user: OTHER, selected: OTHER })).text).toMatch(/out of date/);
    expect((await pick(h, { blockId: "fake_actions", user: OTHER, selected: OTHER })).text).toMatch(/out of date/);
    expect((await pick(h, { blockId: controls.block_id, user: OTHER, selected: FAKE_BOT_USER_ID })).text).toMatch(
      /textdesk itself can't own a customer/,
    );
    expect((await contactOf(h, JANE)).ownerId).toBe(STAFF);
  });

  it("/textdesk owner takes both mention formats, me and on-duty, and refuses bad input", async () => {
    expect((await h.textdesk(`owner (212) 555-0134 <@${OTHER}|sam>`)).text).toMatch(
      new RegExp(`now owned by <@${OTHER}>; it had no owner`),
    );
    expect((await contactOf(h, JANE)).ownerId).toBe(OTHER);
    expect((await h.textdesk(`owner 212-555-0134 <@${STAFF}>`, MANAGER)).text).toMatch(
      new RegExp(`now owned by <@${STAFF}>; it was <@${OTHER}>`),
    );
    expect((await h.textdesk("owner +1 212 555 0134 me", OTHER)).text).toMatch(new RegExp(`now owned by <@${OTHER}>`));
    expect((await h.textdesk("owner (212) 555-0134 on-duty", OTHER)).text).toMatch(
      new RegExp(`has no owner now; it was <@${OTHER}>. Their texts mention the on-duty team.`),
    );
    await h.drain();
    expect((await contactOf(h, JANE)).ownerId).toBeNull();
    expect(ownerLine(h, thread)).toMatch(/No owner yet/);
    expect(h.threadPosts(thread)).toContain(
      `:bust_in_silhouette: <@${OTHER}> removed the owner (was <@${OTHER}>): the on-duty team answers this customer now.`,
    );
    const records = await routingRecords(h, JANE);
    expect(records).toHaveLength(4);

    for (const bad of ["owner", "owner (212) 555-0134", "owner (212) 555-0134 emily", "owner nonsense <@U0X>"]) {
      expect((await h.textdesk(bad)).text).toMatch(/^Usage: `\/textdesk owner/);
    }
    expect((await h.textdesk(`owner (646) 555-0199 <@${STAFF}>`)).text).toMatch(
      /Nothing changed: .*no thread here yet/,
    );
    expect((await h.textdesk(`owner 555-0000-1 <@${STAFF}>`)).text).toMatch(
      /Nothing changed: .*not a (valid )?phone number/,
    );
    expect(await routingRecords(h, JANE)).toHaveLength(4);
    expect((await h.textdesk("help")).text).toMatch(/`\/textdesk owner <number> @user`/);
  });
});

/** A pick in the card's users_select; resolves to what the app answered on that pick's response_url. */
async function pick(h: Harness, p: { blockId: string; user: string; selected: string }) {
  const id = `R-pick-${Math.floor(Math.random() * 1e9)}`;
  await h.slackRequest(
    blockAction({
      userId: p.user,
      channelId: CHANNEL,
      actionId: "card_assign_to",
      value: "",
      blockId: p.blockId,
      selectedUser: p.selected,
      responseUrl: h.slack.responseUrl(id),
    }),
  );
  return h.slack.responses.filter((r) => r.id === id).at(-1)!.body as { text: string };
}
