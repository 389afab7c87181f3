import { useSignal, type ReadonlySignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { FieldIssue } from '../../../../core/src/errors';
import type { SymbolMatch } from '../../../../core/src/market/market-lookup';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { moveActive, searchTerm } from './listbox-keys';

/** Search waits this long after the last keystroke: one request per pause, none per key. */
export const SEARCH_DEBOUNCE_MS = 250;

/** Answers already received this visit, so retyping a term asks nothing again. */
const answered = new Map<string, SymbolMatch[]>();

interface Props {
  core: CoreClient;
  id: string;
  label: string;
  issue: ReadonlySignal<FieldIssue | undefined>;
  defaultValue?: string | undefined;
  /** A hint under the field (the detected instrument); announced politely. */
  hint: ReadonlySignal<string>;
  /** A symbol was picked from the list, or typed and left (the input's change). */
  onPicked: (symbol: string) => void;
}

/**
 * The symbol input with search suggestions from market data, as a WAI-ARIA 1.2 combobox: focus
 * stays in the input, Down/Up move through the listbox (aria-activedescendant), Enter picks,
 * Escape closes. Typing only restarts a timer; the search runs in the worker after a pause.
 */
export function SymbolCombobox({ core, id, label, issue, defaultValue, hint, onPicked }: Props) {
  const results = useSignal<SymbolMatch[]>([]);
  const open = useSignal(false);
  const active = useSignal(-1);
  const searchState = useSignal('');
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef('');
  const listId = `${id}-listbox`;

  useEffect(() => () => clearTimeout(timer.current), []);

  const show = (term: string, matches: SymbolMatch[]) => {
    if (latest.current !== term) return; // a newer search is under way
    results.value = matches;
    active.value = -1;
    open.value = matches.length > 0 && document.activeElement === input.current;
    searchState.value = matches.length ? `${matches.length} suggestion${matches.length === 1 ? '' : 's'}; use the arrow keys to choose.` : `No suggestions for ${term}.`;
  };

  const search = (term: string) => {
    const known = answered.get(term);
    if (known) return show(term, known);
    core.searchSymbols(term).then(
      (matches) => {
        if (answered.size > 200) answered.clear();
        answered.set(term, matches);
        show(term, matches);
      },
      () => {
        if (latest.current !== term) return;
        open.value = false;
        searchState.value = 'Symbol search is unavailable; type the symbol.';
      },
    );
  };

  const onInput = (event: Event) => {
    const term = searchTerm((event.currentTarget as HTMLInputElement).value);
    clearTimeout(timer.current);
    latest.current = term;
    if (!term) {
      open.value = false;
      return;
    }
    timer.current = setTimeout(() => search(term), SEARCH_DEBOUNCE_MS);
  };

  const pick = (match: SymbolMatch) => {
    const el = input.current!;
    el.value = match.symbol;
    latest.current = searchTerm(match.symbol);
    clearTimeout(timer.current);
    open.value = false;
    active.value = -1;
    searchState.value = '';
    onPicked(match.symbol);
  };

  /** Moves the active option and keeps it in view in a scrolled list. */
  const setActive = (index: number) => {
    active.value = index;
    requestAnimationFrame(() => document.getElementById(`${id}-option-${index}`)?.scrollIntoView({ block: 'nearest' }));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const count = results.value.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open.value && count) open.value = true;
      setActive(moveActive(active.value, event.key, count));
    } else if ((event.key === 'Home' || event.key === 'End') && open.value) {
      event.preventDefault();
      setActive(moveActive(active.value, event.key, count));
    } else if (event.key === 'Enter' && open.value && active.value >= 0) {
      // Picks the suggestion instead of submitting the form.
      event.preventDefault();
      pick(results.value[active.value]!);
    } else if (event.key === 'Escape' && open.value) {
      event.preventDefault();
      open.value = false;
      active.value = -1;
    } else if (event.key === 'Tab') {
      open.value = false;
    }
  };

  const error = issue.value;
  const describedBy = [error ? `${id}-error` : '', `${id}-hint`].filter(Boolean).join(' ');
  const activeId = open.value && active.value >= 0 ? `${id}-option-${active.value}` : undefined;
  return (
    <div class="field txn-combobox">
      <label for={id}>{label}</label>
      <div class="txn-combobox-anchor">
        <input
          ref={input}
          id={id}
          name="symbol"
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open.value ? 'true' : 'false'}
          aria-controls={listId}
          aria-activedescendant={activeId}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          placeholder="AAPL, XEQT.TO"
          defaultValue={defaultValue}
          onInput={onInput}
          onKeyDown={onKeyDown}
          onChange={(e) => onPicked((e.currentTarget as HTMLInputElement).value.trim().toUpperCase())}
          onBlur={() => (open.value = false)}
        />
        <ul id={listId} role="listbox" aria-label={`${label} suggestions`} class="txn-listbox" hidden={!open.value}>
          {results.value.map((match, index) => (
            <li
              key={match.symbol}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active.value ? 'true' : 'false'}
              class={index === active.value ? 'active' : undefined}
              // mousedown, not click: the input keeps focus (its blur would close the list first).
              onMouseDown={(e) => {
                e.preventDefault();
                pick(match);
              }}
            >
              <span class="txn-option-symbol">{match.symbol}</span>
              <span class="txn-option-name">
                {match.name ?? ''}
                {match.exchange ? ` · ${match.exchange}` : ''}
                {match.type ? ` · ${match.type.toLowerCase()}` : ''}
              </span>
            </li>
          ))}
        </ul>
      </div>
      {error && (
        <span class="field-error" id={`${id}-error`} role="alert">
          {error.message}
        </span>
      )}
      <span class="txn-hint" id={`${id}-hint`} aria-live="polite">
        {hint.value}
      </span>
      <span class="sr-only" aria-live="polite">
        {searchState.value}
      </span>
    </div>
  );
}
