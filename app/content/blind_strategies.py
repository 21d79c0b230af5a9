"""Play a quiz without reading it: how far do surface cues get a learner who knows nothing?

Order is fixed by default (a group trained together sees one order), so a quiz whose answers
sit in one position, or are always the longest option, or whose true/false statements give
themselves away by an absolute word, can be passed blind. Each strategy here answers every
question from cues alone; a combined strategy may use a different rule for each question type,
as a test-wise learner would ("the first in single choice, 誤り in true/false, the first three in
multiple choice, the choices in order in matching"). Pure: it reads a QuizDoc, never the database.
"""

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.content.documents import QuestionDoc, QuizDoc
from app.content.messages import Msg, joined
from app.content.question_types import QUESTION_TYPES

# Words that make a statement sweeping. A test-wise learner marks such statements false.
ABSOLUTE_WORDS = (
    "必ず",
    "絶対",
    "だけ",
    "のみ",
    "すべて",
    "全て",
    "全部",
    "一切",
    "決して",
    "いつも",
    "常に",
    "最後まで",
    "単独",
    "一人で",
    "ひとりで",
    "すぐに",
    "いかなる",
    "どんな場合も",
    "例外なく",
    "しかない",
    "ない限り",
)
# Words a learner who has only heard "be kind and respectful" would look for.
STANCE_WORDS = (
    "本人",
    "気持ち",
    "尊重",
    "寄り添",
    "ペース",
    "一緒に",
    "丁寧",
    "聴",
    "受け止め",
    "無理",
    "同意",
    "相談",
    "つな",
)
# The shares above which a cue counts as a giveaway, for the warnings.
POSITION_SHARE_LIMIT = 0.40
LONGEST_SHARE_LIMIT = 0.40

TRUE_WORDS = ("正しい", "〇", "○", "はい", "true", "True")

# A set of option indexes, or for matching one choice index per prompt, in prompt order.
Choice = frozenset[int] | tuple[int, ...]
Rule = Callable[[QuestionDoc], Choice]


def _length(text: str) -> int:
    return len(re.sub(r"\s", "", text))


def _lengths(question: QuestionDoc) -> list[int]:
    return [_length(option.text) for option in question.options]


def _clip(question: QuestionDoc, index: int) -> int:
    return min(index, len(question.options) - 1)


def _true_index(question: QuestionDoc) -> int:
    return next(
        (i for i, o in enumerate(question.options) if o.text.strip().startswith(TRUE_WORDS)), 0
    )


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s、。「」（）()・？?！!]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _argmax(values: Sequence[float]) -> int:
    return max(range(len(values)), key=lambda i: (values[i], -i))


def _argmin(values: Sequence[float]) -> int:
    return min(range(len(values)), key=lambda i: (values[i], i))


# --- rules for one answer (single, scenario) ----------------------------------------------


def _position(k: int) -> Rule:
    return lambda q: frozenset({_clip(q, k)})


def _from_end(k: int) -> Rule:
    return lambda q: frozenset({max(0, len(q.options) - 1 - k)})


def _longest(q: QuestionDoc) -> Choice:
    return frozenset({_argmax(_lengths(q))})


def _shortest(q: QuestionDoc) -> Choice:
    return frozenset({_argmin(_lengths(q))})


def _odd_length(q: QuestionDoc) -> Choice:
    """The option whose length stands furthest from the others' mean."""
    lengths = _lengths(q)
    mean = sum(lengths) / len(lengths)
    return frozenset({_argmax([abs(n - mean) for n in lengths])})


def _prompt_overlap(q: QuestionDoc) -> Choice:
    """The option that repeats most of the question's own words."""
    asked = _bigrams(q.prompt + (q.scenario or ""))
    return frozenset({_argmax([len(_bigrams(o.text) & asked) for o in q.options])})


def _stance(q: QuestionDoc) -> Choice:
    """The option with the most "kind" words, for a learner who knows only the tone."""
    return frozenset({_argmax([sum(o.text.count(w) for w in STANCE_WORDS) for o in q.options])})


def _no_absolute(q: QuestionDoc) -> Choice:
    """The first option without a sweeping word (a cue that works across options too)."""
    plain = [i for i, o in enumerate(q.options) if not any(w in o.text for w in ABSOLUTE_WORDS)]
    return frozenset({plain[0] if plain else 0})


SINGLE_RULES: dict[Msg, Rule] = {
    **{Msg("always option %(n)s", n=k + 1): _position(k) for k in range(5)},
    Msg("always the last option"): _from_end(0),
    Msg("always the second-last option"): _from_end(1),
    Msg("the longest option"): _longest,
    Msg("the shortest option"): _shortest,
    Msg("the option of odd length"): _odd_length,
    Msg("the option that repeats the question"): _prompt_overlap,
    Msg("the option with the kindest words"): _stance,
    Msg("the first option without an absolute word"): _no_absolute,
}


# --- rules for true/false ------------------------------------------------------------------


def _says_true(q: QuestionDoc) -> Choice:
    return frozenset({_true_index(q)})


def _says_false(q: QuestionDoc) -> Choice:
    return frozenset({1 - _true_index(q)})


def _absolute_is_false(q: QuestionDoc) -> Choice:
    sweeping = any(word in q.prompt for word in ABSOLUTE_WORDS)
    return _says_false(q) if sweeping else _says_true(q)


def _absolute_is_true(q: QuestionDoc) -> Choice:
    sweeping = any(word in q.prompt for word in ABSOLUTE_WORDS)
    return _says_true(q) if sweeping else _says_false(q)


def _negation_is_false(q: QuestionDoc) -> Choice:
    negative = re.search(r"(ない|ません|ず[、。]|なくて)", q.prompt) is not None
    return _says_false(q) if negative else _says_true(q)


# A statement that reports what the guidebook or a survey says, against one that gives advice:
# when only the true statements report and only the false ones advise, the form gives it away.
REPORTING_WORDS = (
    "とされ",
    "挙げられ",
    "指摘",
    "示され",
    "述べ",
    "書かれ",
    "ガイドブックでは",
    "ガイドブックは",
    "によると",
    "調査では",
)
ADVICE_WORDS = ("すればよい", "するとよい", "べき", "のがよい", "ほうがよい", "ましょう", "しよう")


def _reported_is_true(q: QuestionDoc) -> Choice:
    reported = any(word in q.prompt for word in REPORTING_WORDS)
    return _says_true(q) if reported else _says_false(q)


def _advice_is_false(q: QuestionDoc) -> Choice:
    advice = any(word in q.prompt for word in ADVICE_WORDS)
    return _says_false(q) if advice else _says_true(q)


def _advice_is_true(q: QuestionDoc) -> Choice:
    advice = any(word in q.prompt for word in ADVICE_WORDS)
    return _says_true(q) if advice else _says_false(q)


def _kind_is_true(q: QuestionDoc) -> Choice:
    kind = any(word in q.prompt for word in STANCE_WORDS)
    return _says_true(q) if kind else _says_false(q)


TRUE_FALSE_RULES: dict[Msg, Rule] = {
    Msg("always 正しい"): _says_true,
    Msg("always 誤り"): _says_false,
    Msg("absolute words mean 誤り"): _absolute_is_false,
    Msg("absolute words mean 正しい"): _absolute_is_true,
    Msg("a negative statement is 誤り"): _negation_is_false,
    Msg("kind words mean 正しい"): _kind_is_true,
    Msg("what the guidebook says is 正しい"): _reported_is_true,
    Msg("advice is 誤り"): _advice_is_false,
    Msg("advice is 正しい"): _advice_is_true,
    Msg("the longest option"): _longest,
}


# --- rules for "choose all that apply" ------------------------------------------------------


def _first(k: int) -> Rule:
    return lambda q: frozenset(range(min(k, len(q.options))))


def _last(k: int) -> Rule:
    return lambda q: frozenset(range(max(0, len(q.options) - k), len(q.options)))


def _all_but(k: int) -> Rule:
    return lambda q: frozenset(i for i in range(len(q.options)) if i != _clip(q, k))


def _longer_half(q: QuestionDoc) -> Choice:
    lengths = _lengths(q)
    middle = sorted(lengths)[len(lengths) // 2]
    return frozenset(i for i, n in enumerate(lengths) if n >= middle)


def _without_absolute(q: QuestionDoc) -> Choice:
    chosen = frozenset(
        i for i, o in enumerate(q.options) if not any(w in o.text for w in ABSOLUTE_WORDS)
    )
    return chosen or frozenset(range(len(q.options)))


def _kind_ones(q: QuestionDoc) -> Choice:
    chosen = frozenset(i for i, o in enumerate(q.options) if any(w in o.text for w in STANCE_WORDS))
    return chosen or frozenset(range(len(q.options)))


def _odd_even(start: int) -> Rule:
    return lambda q: frozenset(range(start, len(q.options), 2))


MULTIPLE_RULES: dict[Msg, Rule] = {
    Msg("every option"): lambda q: frozenset(range(len(q.options))),
    **{Msg("the first %(n)s", n=k): _first(k) for k in range(1, 5)},
    **{Msg("the last %(n)s", n=k): _last(k) for k in range(1, 5)},
    **{Msg("all but option %(n)s", n=k + 1): _all_but(k) for k in range(6)},
    Msg("the longer half"): _longer_half,
    Msg("every option without an absolute word"): _without_absolute,
    Msg("every option with kind words"): _kind_ones,
    Msg("options 1, 3, 5"): _odd_even(0),
    Msg("options 2, 4, 6"): _odd_even(1),
}


# --- rules for matching --------------------------------------------------------------------


def _in_order(q: QuestionDoc) -> Choice:
    return tuple(_clip(q, i) for i in range(len(q.pairs)))


def _reversed(q: QuestionDoc) -> Choice:
    return tuple(max(0, len(q.options) - 1 - i) for i in range(len(q.pairs)))


def _same_for_all(k: int) -> Rule:
    return lambda q: (_clip(q, k),) * len(q.pairs)


def _word_overlap(q: QuestionDoc) -> Choice:
    """Each prompt gets the choice sharing most of its words, each choice used once.

    The strongest overlaps are placed first, as a learner would start with the obvious ones;
    prompts left over take the choices left over, in order.
    """
    overlaps = sorted(
        (
            (len(_bigrams(pair.prompt) & _bigrams(option.text)), -p, -c)
            for p, pair in enumerate(q.pairs)
            for c, option in enumerate(q.options)
        ),
        reverse=True,
    )
    chosen: dict[int, int] = {}
    for shared, p, c in overlaps:
        if shared and -p not in chosen and -c not in chosen.values():
            chosen[-p] = -c
    left = iter(c for c in range(len(q.options)) if c not in chosen.values())
    return tuple(chosen[p] if p in chosen else next(left, 0) for p in range(len(q.pairs)))


MATCHING_RULES: dict[Msg, Rule] = {
    Msg("the i-th choice for the i-th prompt"): _in_order,
    Msg("the choices in reverse order"): _reversed,
    **{Msg("choice %(n)s for every prompt", n=k + 1): _same_for_all(k) for k in range(3)},
    Msg("the choice that repeats the prompt's words"): _word_overlap,
}

RULES_BY_TYPE: dict[str, dict[Msg, Rule]] = {
    "single": SINGLE_RULES,
    "scenario": SINGLE_RULES,
    "true_false": TRUE_FALSE_RULES,
    "multiple": MULTIPLE_RULES,
    "matching": MATCHING_RULES,
}
# Single choice and scenarios are both "pick one of several": a test-wise learner would use
# one habit for both, but may also switch; both are tried.
ONE_ANSWER_TYPES = ("single", "scenario")


@dataclass(frozen=True)
class BlindResult:
    strategy: str
    correct: int
    total: int

    @property
    def percent(self) -> int:
        return (100 * self.correct) // self.total if self.total else 0


@dataclass(frozen=True)
class BlindReport:
    path: str
    pass_mark: int
    best: BlindResult
    # Among one-answer questions (single, scenario): the share of right answers at each
    # position (1-based), and how often the right option is strictly the longest.
    position_shares: dict[int, float]
    longest_share: float
    one_answer_questions: int

    @property
    def passes_blind(self) -> bool:
        return self.best.correct * 100 >= self.pass_mark * self.best.total

    @property
    def dominant_position(self) -> tuple[int, float] | None:
        if self.one_answer_questions < 3 or not self.position_shares:
            return None
        position, share = max(self.position_shares.items(), key=lambda item: item[1])
        return (position, share) if share > POSITION_SHARE_LIMIT else None

    def warnings(self) -> list[Msg]:
        found = []
        if self.passes_blind:
            found.append(
                Msg(
                    "a learner who reads nothing passes this quiz (%(percent)s%% ≥ "
                    "pass mark %(pass_mark)s%%) by: %(strategy)s",
                    percent=self.best.percent,
                    pass_mark=self.pass_mark,
                    strategy=self.best.strategy,
                )
            )
        dominant = self.dominant_position
        if dominant is not None:
            found.append(
                Msg(
                    "%(share)s%% of the one-answer questions have their right answer at "
                    "option %(position)s (keep each position at or under %(limit)s%%)",
                    share=round(dominant[1] * 100),
                    position=dominant[0],
                    limit=round(POSITION_SHARE_LIMIT * 100),
                )
            )
        if self.one_answer_questions >= 3 and self.longest_share > LONGEST_SHARE_LIMIT:
            found.append(
                Msg(
                    "the right option is the longest in %(share)s%% of the one-answer "
                    "questions (make the options alike in length)",
                    share=round(self.longest_share * 100),
                )
            )
        return found


def _right(question: QuestionDoc, choice: Choice) -> bool:
    kind = QUESTION_TYPES[question.type]
    return kind.is_correct(kind.correct_answer(question), choice)


def _best_per_type(questions: Sequence[QuestionDoc]) -> tuple[int, list[Msg]]:
    """The best a fixed rule per question type can score, and the rules that get it."""
    by_type: dict[str, list[QuestionDoc]] = {}
    for question in questions:
        by_type.setdefault(question.type, []).append(question)
    total = 0
    names: list[Msg] = []
    for kind, group in by_type.items():
        rules = RULES_BY_TYPE.get(kind)
        if not rules:
            continue  # a type with no blind rule here scores nothing blind
        name, rule = max(rules.items(), key=lambda item: sum(_right(q, item[1](q)) for q in group))
        scored = sum(_right(q, rule(q)) for q in group)
        total += scored
        names.append(
            Msg("%(type)s: %(rule)s", type=kind, rule=name)
            if scored
            else Msg("%(type)s: no rule scores", type=kind)
        )
    return total, names


def _best_shared_one_answer(questions: Sequence[QuestionDoc]) -> tuple[int, list[Msg]]:
    """As above, but one rule for single choice and scenarios together."""
    one = [q for q in questions if q.type in ONE_ANSWER_TYPES]
    rest = [q for q in questions if q.type not in ONE_ANSWER_TYPES]
    score, names = _best_per_type(rest)
    if one:
        name, rule = max(
            SINGLE_RULES.items(), key=lambda item: sum(_right(q, item[1](q)) for q in one)
        )
        score += sum(_right(q, rule(q)) for q in one)
        names.insert(0, Msg("single and scenario: %(rule)s", rule=name))
    return score, names


def analyse_quiz(quiz: QuizDoc) -> BlindReport:
    """How the best blind strategy does on `quiz`, and where its right answers sit."""
    questions = quiz.questions
    per_type = _best_per_type(questions)
    shared = _best_shared_one_answer(questions)
    score, names = max(per_type, shared, key=lambda found: found[0])
    one = [q for q in questions if q.type in ONE_ANSWER_TYPES]
    positions = Counter(min(q.correct_indexes) + 1 for q in one if q.correct_indexes)
    longest = 0
    for q in one:
        lengths = _lengths(q)
        right = min(q.correct_indexes)
        longest += all(lengths[right] > n for i, n in enumerate(lengths) if i != right)
    return BlindReport(
        path=quiz.path,
        pass_mark=quiz.pass_mark,
        best=BlindResult(joined(names), score, len(questions)),
        position_shares={p: n / len(one) for p, n in sorted(positions.items())} if one else {},
        longest_share=longest / len(one) if one else 0.0,
        one_answer_questions=len(one),
    )
