import { countedTotal, type Bill } from '@caja/models';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { billHistory } from '../../src/db/bill-repository.js';
import { loadLocalState } from '../../src/bootstrap.js';
import { useBillsStore } from '../../src/stores/bills.js';
import { useNoticesStore } from '../../src/stores/notices.js';
import { useSaleStore } from '../../src/stores/sale.js';
import { createWorld, freshIndexedDb, type TestWorld } from '../helpers.js';

let world: TestWorld;

beforeEach(async () => {
  freshIndexedDb();
  world = await createWorld();
  await loadLocalState();
});

function typeAmount(text: string) {
  const sale = useSaleStore();
  for (const char of text) sale.type(char);
  sale.enter();
}

describe('selling by amount entry', () => {
  it('adds each typed amount as a line and keeps the total right', () => {
    const sale = useSaleStore();
    typeAmount('2500');
    typeAmount('12000');
    expect(sale.bill.items.map((line) => line.price)).toEqual([2500, 12000]);
    expect(sale.bill.total).toBe(14500);
    expect(sale.entry).toBe('');
  });

  it('keeps typed amounts apart, so Backspace on an empty entry undoes the last one', () => {
    const sale = useSaleStore();
    typeAmount('2500');
    typeAmount('2500');
    expect(sale.bill.items).toHaveLength(2);
    sale.backspace();
    expect(sale.bill.items).toHaveLength(1);
    expect(sale.bill.total).toBe(2500);
  });

  it('uses "3 * amount" as a quantity, and + / − on the last line', () => {
    const sale = useSaleStore();
    sale.type('3');
    sale.multiply();
    typeAmount('1800');
    expect(sale.bill.items[0]).toMatchObject({ price: 1800, quantity: 3 });
    sale.increment();
    expect(sale.bill.total).toBe(4 * 1800);
    sale.decrement();
    sale.decrement();
    expect(sale.bill.total).toBe(2 * 1800);
  });

  it('merges repeated quick keys and takes a typed number as their quantity', () => {
    const sale = useSaleStore();
    const coffee = { id: 'CAFE', name: 'Café', price: 2500 };
    sale.addItem(coffee);
    sale.type('2');
    sale.addItem(coffee);
    expect(sale.bill.items).toEqual([{ id: 'CAFE', name: 'Café', price: 2500, quantity: 3 }]);
  });

  it('asks before adding an amount at or above the threshold', () => {
    const sale = useSaleStore();
    typeAmount('500000');
    expect(sale.bill.items).toHaveLength(0);
    expect(sale.pendingLarge).toMatchObject({ price: 500_000 });
    sale.cancelLarge();
    expect(sale.bill.items).toHaveLength(0);
    typeAmount('600000');
    sale.enter(); // Enter confirms
    expect(sale.bill.total).toBe(600_000);
  });
});

describe('bad input', () => {
  it.each([
    ['0', 'error.zero'],
    ['00', 'error.zero'],
  ])('refuses the amount %j with %s and changes nothing', (typed, key) => {
    const sale = useSaleStore();
    typeAmount(typed);
    expect(sale.bill.items).toHaveLength(0);
    expect(useNoticesStore().current).toMatchObject({ kind: 'error', key });
  });

  it('refuses a zero quantity, a quantity below one and an empty bill', async () => {
    const sale = useSaleStore();
    const notices = useNoticesStore();
    sale.type('0');
    sale.multiply();
    expect(notices.current?.key).toBe('error.quantityRefused');
    sale.escape();
    typeAmount('1000');
    sale.decrement();
    expect(notices.current?.key).toBe('error.quantityRange');
    expect(sale.bill.items[0]?.quantity).toBe(1);
    sale.removeLast();
    sale.removeLast();
    expect(notices.current?.key).toBe('error.nothingToRemove');
    expect(await sale.pay('cash')).toBe(false);
    expect(notices.current?.key).toBe('error.emptyBill');
    expect(await world.db.count('bills')).toBe(0);
  });

  it('clears a refused quantity, so the next amount is never glued onto it', () => {
    const sale = useSaleStore();
    for (const c of '12000') sale.type(c);
    sale.multiply();
    expect(useNoticesStore().current).toMatchObject({
      key: 'error.quantityRefused',
      params: { entry: '12000' },
    });
    expect(sale.entry).toBe('');
    expect(sale.multiplier).toBeNull();
    typeAmount('1800');
    expect(sale.bill.items).toEqual([{ id: 'AMT-1', price: 1800, quantity: 1 }]);
    for (const c of '10000') sale.type(c);
    sale.multiply();
    typeAmount('5');
    expect(sale.bill.items.map((line) => [line.price, line.quantity])).toEqual([
      [1800, 1],
      [5, 1],
    ]);
  });

  it('shows the quantity apart from the amount ("5 ×" then the price)', () => {
    const sale = useSaleStore();
    sale.type('5');
    sale.multiply();
    expect(sale.multiplier).toBe(5);
    expect(sale.entry).toBe('');
    typeAmount('1800');
    expect(sale.bill.items[0]).toMatchObject({ price: 1800, quantity: 5 });
  });

  it('refuses a decimal separator in pesos and keeps refusing until the entry is corrected', async () => {
    const sale = useSaleStore();
    const notices = useNoticesStore();
    for (const c of '12,5') sale.type(c);
    sale.enter();
    expect(sale.bill.items).toHaveLength(0);
    expect(notices.current).toMatchObject({ kind: 'error', key: 'error.noDecimals' });
    expect(sale.entryRefused).toBe(true);
    expect(await sale.pay('cash')).toBe(false);
    // Backspace takes the separator back: "12" stays, the message goes.
    sale.backspace();
    expect(sale.entryRefused).toBe(false);
    expect(notices.current).toBeNull();
    expect(sale.entry).toBe('12');
    sale.escape();
    for (const c of '1.5') sale.type(c);
    sale.enter();
    expect(sale.bill.items).toHaveLength(0);
    sale.escape();
    expect(sale.entryRefused).toBe(false);
    typeAmount('15');
    expect(sale.bill.total).toBe(15);
  });

  it('refuses a quantity above 9,999 from + without breaking the line', () => {
    const sale = useSaleStore();
    sale.type('9999');
    sale.multiply();
    typeAmount('10');
    sale.increment();
    expect(useNoticesStore().current?.key).toBe('error.quantityRange');
    expect(sale.bill.items[0]?.quantity).toBe(9999);
  });

  it('refuses cash below the total and an amount typed but not added before card', async () => {
    const sale = useSaleStore();
    typeAmount('5000');
    for (const c of '2000') sale.type(c);
    expect(await sale.pay('cash')).toBe(false);
    expect(useNoticesStore().current?.key).toBe('error.tenderedTooLow');
    expect(await sale.pay('card')).toBe(false);
    expect(useNoticesStore().current?.key).toBe('error.entryNotAdded');
    expect(await world.db.count('bills')).toBe(0);
  });
});

describe('the payment step', () => {
  it('opens on Cash with an empty entry: the entry is then the cash handed over', async () => {
    const sale = useSaleStore();
    typeAmount('18600');
    for (const c of '50000') sale.type(c);
    // Still a line's price: no payment step, no change preview.
    expect(sale.paying).toBe(false);
    sale.escape();
    expect(await sale.pay('cash')).toBe(false);
    expect(sale.paying).toBe(true);
    for (const c of '50000') sale.type(c);
    sale.enter();
    await expect.poll(() => world.db.count('bills')).toBe(1);
    const [record] = await world.db.getAll('bills');
    expect(record?.bill.payment).toEqual({ method: 'cash', tendered: 50000, change: 31400 });
    expect(record?.bill.items).toHaveLength(1);
    expect(sale.paying).toBe(false);
  });

  it('leaves with Esc, and card in the step drops the typed cash amount', async () => {
    const sale = useSaleStore();
    typeAmount('2000');
    await sale.pay('cash');
    sale.escape();
    expect(sale.paying).toBe(false);
    await sale.pay('cash');
    for (const c of '5000') sale.type(c);
    expect(await sale.pay('card')).toBe(true);
    const [record] = await world.db.getAll('bills');
    expect(record?.bill).toMatchObject({ total: 2000, payment: { method: 'card' } });
  });
});

describe('saving', () => {
  it('saves on Enter with an empty entry, durably, and starts a new bill at once', async () => {
    const sale = useSaleStore();
    typeAmount('2500');
    const draftId = sale.bill.id;
    sale.enter();
    await expect.poll(() => world.db.count('bills')).toBe(1);
    const [record] = await world.db.getAll('bills');
    expect(record?.bill).toMatchObject({
      id: draftId,
      tillId: 'till-7',
      total: 2500,
      payment: { method: 'cash', tendered: 2500, change: 0 },
      createdAt: world.clock.current.toISOString(),
    });
    expect(await world.db.getAll('outbox')).toMatchObject([{ id: draftId, version: 1 }]);
    expect(sale.bill.items).toHaveLength(0);
    expect(sale.bill.id).not.toBe(draftId);
    expect(useBillsStore().lastSaved?.id).toBe(draftId);
  });

  it('takes the entry as cash tendered and records the change', async () => {
    const sale = useSaleStore();
    typeAmount('22400');
    for (const c of '50000') sale.type(c);
    expect(await sale.pay('cash')).toBe(true);
    expect(useBillsStore().lastSaved?.bill.payment).toEqual({
      method: 'cash',
      tendered: 50000,
      change: 27600,
    });
  });

  it('saves a refund as a credit note with negative lines', async () => {
    const sale = useSaleStore();
    sale.toggleRefund();
    typeAmount('3000');
    expect(sale.bill.total).toBe(-3000);
    expect(await sale.pay('cash')).toBe(true);
    const saved = useBillsStore().lastSaved!.bill;
    expect(saved).toMatchObject({ kind: 'credit_note', total: -3000 });
    expect(saved.payment).toEqual({ method: 'cash', tendered: 0, change: 3000 });
  });

  it('reopens a saved bill and saves the change as version 2, keeping version 1', async () => {
    const sale = useSaleStore();
    typeAmount('1000');
    await sale.pay('card');
    const saved = useBillsStore().lastSaved!.bill;
    expect(sale.reopen(saved)).toBe(true);
    typeAmount('500');
    expect(await sale.pay('card')).toBe(true);
    const history = await billHistory(world.db, saved.id);
    expect(history.map((h) => [h.version, h.bill.total])).toEqual([
      [1, 1000],
      [2, 1500],
    ]);
    expect(useBillsStore().records.find((r) => r.id === saved.id)?.bill.version).toBe(2);
  });

  it('lets a reopened cash bill grow, and takes the new payment on saving', async () => {
    const sale = useSaleStore();
    typeAmount('1000');
    sale.enter();
    await expect.poll(() => useBillsStore().lastSaved).not.toBeNull();
    const saved = useBillsStore().lastSaved!.bill;
    sale.reopen(saved);
    typeAmount('250');
    expect(sale.bill.total).toBe(1250);
    // Cash on an empty entry opens the payment step; Cash again (or Enter) takes it exact.
    expect(await sale.pay('cash')).toBe(false);
    expect(await sale.pay('cash')).toBe(true);
    expect(useBillsStore().lastSaved?.bill).toMatchObject({
      id: saved.id,
      version: 2,
      total: 1250,
      payment: { method: 'cash', tendered: 1250, change: 0 },
    });
  });

  it('will not reopen a bill over an open one', async () => {
    const sale = useSaleStore();
    typeAmount('1000');
    await sale.pay('card');
    const saved = useBillsStore().lastSaved!.bill;
    typeAmount('200');
    expect(sale.reopen(saved)).toBe(false);
    expect(useNoticesStore().current?.key).toBe('error.openBill');
  });

  it('says the save failed and keeps the bill when IndexedDB refuses', async () => {
    const sale = useSaleStore();
    typeAmount('1000');
    // The previous test's background upload (started after its save) runs on the shared
    // services, so on this database: let it finish before closing it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    world.db.close(); // every transaction now fails (InvalidStateError)
    expect(await sale.pay('card')).toBe(false);
    expect(useNoticesStore().current?.key).toBe('error.saveFailed');
    expect(sale.bill.total).toBe(1000);
  });
});

describe('the open bill across reloads', () => {
  it('is restored after a reload', async () => {
    typeAmount('2500');
    typeAmount('700');
    await expect.poll(async () => (await world.db.kvGet('draft')) !== undefined).toBe(true);
    await createWorld({ db: world.db, clock: world.clock, relay: world.relay });
    await loadLocalState();
    expect(useSaleStore().bill.total).toBe(3200);
  });

  it('is not restored once it was saved', async () => {
    typeAmount('2500');
    await useSaleStore().pay('card');
    await createWorld({ db: world.db, clock: world.clock, relay: world.relay });
    await loadLocalState();
    expect(useSaleStore().bill.items).toHaveLength(0);
  });

  it('writes no blank draft after a save (the save deleted it), but does once lines are removed', async () => {
    const sale = useSaleStore();
    typeAmount('2500');
    await expect.poll(async () => (await world.db.kvGet('draft'))?.draft).toBeDefined();
    await sale.pay('card');
    // Time for Vue's watcher and the relaxed write it would start.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await world.db.kvGet('draft')).toBeUndefined();
    typeAmount('900');
    const draftLines = async () =>
      ((await world.db.kvGet('draft'))?.draft as { bill: Bill } | undefined)?.bill.items;
    await expect.poll(draftLines).toHaveLength(1);
    sale.removeLast();
    await expect.poll(draftLines).toEqual([]);
  });
});

describe('bills of the day', () => {
  /** A sale of `amount` paid by card; its id. */
  async function cardSale(amount: string): Promise<string> {
    typeAmount(amount);
    await useSaleStore().pay('card');
    return useBillsStore().lastSaved!.id;
  }

  it('voids a bill as a new version that counts zero, and refunds with a credit note', async () => {
    const bills = useBillsStore();
    const first = await cardSale('1000');
    const second = await cardSale('2000');
    expect(bills.shift.total).toBe(3000);

    const voided = await bills.voidBill(first);
    expect(voided.ok && voided.record.bill).toMatchObject({ status: 'void', version: 2 });
    expect(bills.shift.total).toBe(2000);

    const refund = await bills.refund(second, [1]);
    expect(refund.ok && refund.record.bill).toMatchObject({
      kind: 'credit_note',
      total: -2000,
      refundOf: second,
      number: 3,
    });
    expect(bills.shift.total).toBe(0);
    expect(bills.records.map((r) => countedTotal(r.bill)).sort()).toEqual([-2000, 0, 2000]);

    const again = await bills.voidBill(first);
    expect(again.ok).toBe(false);
  });

  it('refunds by line and quantity, and stops at zero', async () => {
    const sale = useSaleStore();
    const bills = useBillsStore();
    sale.type('3');
    sale.multiply();
    typeAmount('1000');
    typeAmount('500');
    await sale.pay('card');
    const id = bills.lastSaved!.id;
    const partial = await bills.refund(id, [2, 0]);
    expect(partial.ok && partial.record.bill).toMatchObject({ total: -2000, refundOf: id });
    const state = await bills.refundState((await bills.find(id))!.bill);
    expect(state.lines.map((line) => line.remaining)).toEqual([1, 1]);
    expect((await bills.refund(id, [2, 0])).ok).toBe(false);
    expect((await bills.refund(id, [1, 1])).ok).toBe(true);
    // Nothing left: a further refund is refused, whatever is asked.
    expect((await bills.refund(id, [1, 0])).ok).toBe(false);
    expect((await bills.refund(id, [0, 1])).ok).toBe(false);
    expect(bills.shift.total).toBe(0);
  });

  it('keeps a bill saved while the list is being re-read (a re-read never brings back an older list)', async () => {
    const bills = useBillsStore();
    const saleId = await cardSale('1000');
    // A re-read that reads the list now and answers late, as a busy tablet's IndexedDB does.
    const read = world.db.billsOfDay.bind(world.db);
    const slowRead = async (day: string) => {
      const rows = await read(day);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return rows;
    };
    // The sync re-reads the list (a bill moved to the cloud) just as the cashier saves a refund.
    vi.spyOn(world.db, 'billsOfDay').mockImplementationOnce(slowRead);
    const reread = bills.reload();
    const refund = await bills.refund(saleId, [1]);
    await reread;
    expect(refund.ok).toBe(true);
    expect(bills.records.map((r) => r.bill.kind).sort()).toEqual(['credit_note', 'sale']);
    // Two reads in flight: the one asked last decides, whichever answers last.
    vi.spyOn(world.db, 'billsOfDay').mockImplementationOnce(slowRead);
    const older = bills.load('2020-01-01');
    await bills.load();
    await older;
    expect(bills.day).toBe(bills.today());
    expect(bills.records).toHaveLength(2);
    // A re-read while the cashier opens another day keeps to that day.
    vi.spyOn(world.db, 'billsOfDay').mockImplementationOnce(slowRead);
    const past = bills.load('2020-01-01');
    await bills.reload();
    await past;
    expect(bills.day).toBe('2020-01-01');
    expect(bills.records).toEqual([]);
  });

  /** A sale of 1,000 by card, once the relay holds it. */
  async function saleAtRelay(): Promise<Bill> {
    typeAmount('1000');
    await useSaleStore().pay('card');
    const saleBill = useBillsStore().lastSaved!.bill;
    await expect.poll(() => world.relay.bills.has(saleBill.id)).toBe(true);
    return saleBill;
  }

  it('counts another till’s refund of the sale, as the relay reports it', async () => {
    const bills = useBillsStore();
    const saleBill = await saleAtRelay();
    const otherNote = {
      ...saleBill,
      id: 'note-from-till-2',
      tillId: 'till-2',
      kind: 'credit_note' as const,
      refundOf: saleBill.id,
      items: saleBill.items.map((line) => ({ ...line, price: -line.price })),
      total: -1000,
    };
    world.relay.bills.set(otherNote.id, otherNote);
    world.relay.refunds.set(saleBill.id, [otherNote.id]);
    const state = await bills.refundState(saleBill);
    expect(state.fromRelay).toBe(true);
    expect(state.lines.map((line) => line.remaining)).toEqual([0]);
    expect((await bills.refund(saleBill.id, [1])).ok).toBe(false);
  });

  it('starts a refund in seconds when the relay takes the request and never answers', async () => {
    const bills = useBillsStore();
    const saleBill = await saleAtRelay();
    expect((await bills.refund(saleBill.id, [1])).ok).toBe(true);
    world.relay.hanging = true;
    const started = Date.now();
    const state = await bills.refundState(saleBill);
    // Not the client's 15 s timeout: the cashier is waiting for the refund screen.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(state.fromRelay).toBe(false);
    expect(state.lines.map((line) => line.remaining)).toEqual([0]);
  });
});
