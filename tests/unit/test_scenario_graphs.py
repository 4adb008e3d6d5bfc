"""The offline partner for free scenarios: every graph in every language, and the engine that walks them."""

from __future__ import annotations

import pytest

from worldspeak.domain import dialogue
from worldspeak.domain.dialogue import (
    SCENARIO_LANGUAGES,
    DialogueError,
    ScenarioNotFound,
    compare_with_model_answer,
    detect_language,
    load_scenario,
    match_answer,
    normalise,
    opening_line,
    scenario_catalog,
    take_turn,
    validate_graph,
)

SCENARIOS = (
    "cafe_order",
    "hotel_check_in",
    "asking_directions",
    "job_interview",
    "doctor_visit",
    "neighbour_small_talk",
    "returning_purchase",
    "restaurant_complaint",
    "business_meeting",
    "phone_booking",
    "pharmacy",
    "airport_check_in",
)
CASES = [(scenario, language) for scenario in SCENARIOS for language in SCENARIO_LANGUAGES]

# A filler around a single keyword: the learner's answer shares nothing else with the model answer.
FRAMES = {
    "en": "Well... {}.",
    "es": "Pues... {}.",
    "fr": "Euh... {}.",
    "de": "Hm... {}.",
    "ja": "ええと、{}。",
    "zh": "嗯，{}。",
}
# Said at any step of any scenario, they are about none of them.
OFF_TOPIC = {
    "en": "Elephants are surprisingly talented swimmers.",
    "es": "Los elefantes son nadadores sorprendentemente hábiles.",
    "fr": "Les éléphants sont des nageurs étonnamment doués.",
    "de": "Elefanten sind überraschend talentierte Schwimmer.",
    "ja": "象は意外と泳ぐのが得意らしい。",
    "zh": "大象其实很会游泳。",
}
MORE_OFF_TOPIC = {
    "en": ["My brother collects old stamps from Norway.", "The capital of Australia is Canberra."],
    "es": ["Mi hermano colecciona sellos antiguos de Noruega.", "La capital de Australia es Canberra."],
    "fr": ["Mon frère collectionne de vieux timbres de Norvège.", "La capitale de l'Australie est Canberra."],
    "de": ["Mein Bruder sammelt alte Briefmarken aus Norwegen.", "Die Hauptstadt von Australien ist Canberra."],
    "ja": ["兄はノルウェーの古い切手を集めています。", "オーストラリアの首都はキャンベラです。"],
    "zh": ["我哥哥收集挪威的旧邮票。", "澳大利亚的首都是堪培拉。"],
}


# Answers a learner might really give, worded differently from the model answers: (scenario, language, step,
# answer, the intent it means).
REALISTIC_ANSWERS = [
    ("cafe_order", "en", "greet", "Can I get a cappuccino?", "order_drink"),
    ("cafe_order", "en", "greet", "What's good here?", "ask_recommendation"),
    ("cafe_order", "en", "greet", "Hi, a black coffee please", "order_drink"),
    ("cafe_order", "en", "size", "Large, please", "bigger_size"),
    ("cafe_order", "en", "milk", "Oat, please", "plant_milk"),
    ("cafe_order", "en", "milk", "Just normal milk", "regular_milk"),
    ("cafe_order", "en", "food", "Yeah, a muffin please", "order_food"),
    ("cafe_order", "en", "food", "No thanks, I'm good", "no_food"),
    ("cafe_order", "en", "place", "I'll drink it here", "for_here"),
    ("cafe_order", "en", "place", "To go please", "take_away"),
    ("cafe_order", "en", "payment", "Can I pay with my phone?", "pay_card"),
    ("cafe_order", "es", "greet", "Un cortado, por favor", "order_drink"),
    ("cafe_order", "es", "greet", "¿Qué me aconsejas?", "ask_recommendation"),
    ("cafe_order", "es", "size", "Uno grande", "bigger_size"),
    ("cafe_order", "es", "milk", "Con leche de avena", "plant_milk"),
    ("cafe_order", "es", "food", "No, nada más, gracias", "no_food"),
    ("cafe_order", "es", "place", "Para aquí", "for_here"),
    ("cafe_order", "es", "payment", "Pago en efectivo", "pay_cash"),
    ("cafe_order", "fr", "greet", "Un expresso s'il vous plaît", "order_drink"),
    ("cafe_order", "fr", "food", "Oui, un pain au chocolat", "order_food"),
    ("cafe_order", "de", "greet", "Einen Cappuccino bitte", "order_drink"),
    ("cafe_order", "de", "place", "Zum Mitnehmen", "take_away"),
    ("cafe_order", "ja", "greet", "コーヒーください", "order_drink"),
    ("cafe_order", "ja", "size", "Lで", "bigger_size"),
    ("cafe_order", "ja", "milk", "豆乳でお願いします", "plant_milk"),
    ("cafe_order", "ja", "food", "いえ、大丈夫です", "no_food"),
    ("cafe_order", "ja", "place", "テイクアウトで", "take_away"),
    ("cafe_order", "zh", "greet", "来一杯美式", "order_drink"),
    ("cafe_order", "zh", "food", "不用了", "no_food"),
    ("cafe_order", "zh", "payment", "微信支付", "pay_card"),
    ("hotel_check_in", "en", "greet", "Yes, the booking is under Smith", "has_booking"),
    ("hotel_check_in", "en", "greet", "No, I'm afraid not", "no_booking"),
    ("hotel_check_in", "en", "nights", "Yes, that's correct", "confirm_nights"),
    ("hotel_check_in", "en", "breakfast", "No breakfast, thanks", "no_breakfast"),
    ("hotel_check_in", "en", "questions", "When do I have to check out?", "ask_checkout"),
    ("hotel_check_in", "de", "greet", "Ja, auf den Namen Müller", "has_booking"),
    ("hotel_check_in", "fr", "room_type", "Avec vue, s'il vous plaît", "view_room"),
    ("hotel_check_in", "ja", "greet", "はい、予約しています", "has_booking"),
    ("hotel_check_in", "zh", "questions", "wifi密码是多少？", "ask_wifi"),
    ("asking_directions", "en", "greet", "Yes, where is the station?", "ask_station"),
    ("asking_directions", "en", "walk_or_bus", "I'll walk", "walk"),
    ("asking_directions", "en", "walk_or_bus", "I'll take the bus", "bus"),
    ("asking_directions", "en", "route", "Could you repeat that?", "repeat_please"),
    ("asking_directions", "es", "walk_or_bus", "Voy andando", "walk"),
    ("asking_directions", "ja", "walk_or_bus", "歩いて行きます", "walk"),
    ("job_interview", "en", "introduce", "I'm a software engineer with three years of experience", "about_work"),
    ("job_interview", "en", "strengths", "I'm a good communicator", "people_strength"),
    ("job_interview", "de", "strengths", "Ich bin sehr zuverlässig", "organised_strength"),
    ("doctor_visit", "en", "greet", "My head hurts", "headache"),
    ("doctor_visit", "en", "greet", "I've got a fever and a cough", "sore_throat"),
    ("doctor_visit", "en", "since_when", "Two days", "few_days"),
    ("doctor_visit", "en", "fever", "No", "no_fever"),
    ("doctor_visit", "es", "greet", "Me duele mucho la cabeza", "headache"),
    ("doctor_visit", "fr", "greet", "J'ai mal à la gorge", "sore_throat"),
    ("doctor_visit", "ja", "greet", "頭が痛いです", "headache"),
    ("doctor_visit", "zh", "greet", "我发烧了", "sore_throat"),
    ("neighbour_small_talk", "en", "greet", "Yes, beautiful weather", "agree_weather"),
    ("neighbour_small_talk", "en", "weekend", "I'm going hiking with friends", "weekend_plans"),
    ("neighbour_small_talk", "en", "work", "I'm a teacher", "has_job"),
    ("returning_purchase", "en", "greet", "I want to return this", "return_item"),
    ("returning_purchase", "en", "problem", "It doesn't fit", "wrong_size"),
    ("returning_purchase", "en", "receipt", "Here you go", "has_receipt"),
    ("returning_purchase", "en", "solution", "Can I get my money back?", "refund"),
    ("restaurant_complaint", "en", "greet", "The food is cold", "food_cold"),
    ("restaurant_complaint", "en", "greet", "I ordered the fish but got chicken", "wrong_dish"),
    ("business_meeting", "en", "greet", "We're on track", "on_track"),
    ("business_meeting", "en", "greet", "We have a small delay", "delayed"),
    ("phone_booking", "en", "greet", "I'd like to make a reservation", "book_table"),
    ("phone_booking", "en", "when", "Saturday at 8pm", "saturday_eight"),
    ("phone_booking", "en", "party_size", "Four people", "small_group"),
    ("phone_booking", "en", "name", "Smith", "give_name"),
    ("phone_booking", "en", "phone_number", "07700 900123", "give_number"),
    ("pharmacy", "en", "greet", "Do you have anything for a cold?", "need_cold_medicine"),
    ("pharmacy", "en", "symptoms", "I have a blocked nose", "runny_nose"),
    ("airport_check_in", "en", "greet", "London", "destination_city"),
    ("airport_check_in", "en", "seat", "Window please", "window"),
    ("airport_check_in", "en", "bags", "Just hand luggage", "hand_luggage"),
    ("airport_check_in", "ja", "seat", "窓側で", "window"),
    ("airport_check_in", "zh", "seat", "靠窗", "window"),
    ("hotel_check_in", "es", "greet", "Sí, tengo una reserva a nombre de López", "has_booking"),
    ("hotel_check_in", "es", "greet", "No, no he reservado", "no_booking"),
    ("hotel_check_in", "es", "passport", "Aquí lo tiene", "give_passport"),
    ("hotel_check_in", "es", "nights", "Sí, correcto", "confirm_nights"),
    ("hotel_check_in", "es", "room_type", "Prefiero una tranquila", "quiet_room"),
    ("hotel_check_in", "es", "breakfast", "Sí, con desayuno, por favor", "want_breakfast"),
    (
        "hotel_check_in",
        "es",
        "questions",
        "¿A qué hora es el desayuno? No, perdón, ¿cuál es la clave del wifi?",
        "ask_wifi",
    ),
    ("hotel_check_in", "fr", "greet", "Oui, j'ai réservé au nom de Dupont", "has_booking"),
    ("hotel_check_in", "fr", "breakfast", "Non merci, sans petit-déjeuner", "no_breakfast"),
    ("hotel_check_in", "fr", "questions", "Le départ, c'est à quelle heure ?", "ask_checkout"),
    ("hotel_check_in", "de", "passport", "Hier, bitte", "give_passport"),
    ("hotel_check_in", "de", "nights", "Ja, genau", "confirm_nights"),
    ("hotel_check_in", "de", "breakfast", "Nein, danke, ohne Frühstück", "no_breakfast"),
    ("hotel_check_in", "ja", "nights", "はい、そうです", "confirm_nights"),
    ("hotel_check_in", "ja", "breakfast", "朝食はいりません", "no_breakfast"),
    ("hotel_check_in", "ja", "room_type", "静かな部屋がいいです", "quiet_room"),
    ("hotel_check_in", "zh", "greet", "有，我订了一个房间", "has_booking"),
    ("hotel_check_in", "zh", "breakfast", "不用早餐", "no_breakfast"),
    ("asking_directions", "fr", "greet", "Oui, je cherche la gare", "ask_station"),
    ("asking_directions", "fr", "walk_or_bus", "Je vais prendre le bus", "bus"),
    ("asking_directions", "de", "greet", "Ja, wo ist der Bahnhof?", "ask_station"),
    ("asking_directions", "de", "walk_or_bus", "Ich laufe", "walk"),
    ("asking_directions", "de", "route", "Können Sie das wiederholen?", "repeat_please"),
    ("asking_directions", "zh", "greet", "请问火车站在哪儿？", "ask_station"),
    ("asking_directions", "zh", "walk_or_bus", "我坐公交车", "bus"),
    ("asking_directions", "zh", "route", "不用了，我明白了", "understood"),
    ("asking_directions", "ja", "route", "もう一度お願いします", "repeat_please"),
    ("job_interview", "es", "introduce", "Trabajo como ingeniera desde hace tres años", "about_work"),
    ("job_interview", "es", "introduce", "Estudié Derecho en la universidad", "about_studies"),
    ("job_interview", "fr", "strengths", "Je suis très organisée", "organised_strength"),
    ("job_interview", "ja", "introduce", "大学で法律を勉強しました", "about_studies"),
    ("job_interview", "zh", "introduce", "我在一家公司工作了三年", "about_work"),
    ("job_interview", "de", "questions", "Wie sieht die Einarbeitung aus?", "ask_team"),
    ("doctor_visit", "es", "since_when", "Desde hace dos días", "few_days"),
    ("doctor_visit", "es", "fever", "No, no tengo fiebre", "no_fever"),
    ("doctor_visit", "fr", "medicine", "Non, rien", "no_medicine"),
    ("doctor_visit", "de", "allergy", "Nein, keine Allergien", "not_allergic"),
    ("doctor_visit", "ja", "since_when", "三日前からです", "few_days"),
    ("doctor_visit", "zh", "fever", "没有发烧", "no_fever"),
    ("doctor_visit", "zh", "allergy", "我对青霉素过敏", "allergic"),
    ("neighbour_small_talk", "es", "greet", "Sí, hace un día precioso", "agree_weather"),
    ("neighbour_small_talk", "fr", "weekend", "Je vais voir des amis", "weekend_plans"),
    ("neighbour_small_talk", "de", "family", "Ja, zwei Söhne", "has_children"),
    ("neighbour_small_talk", "ja", "family", "いいえ、子どもはいません", "no_children"),
    ("neighbour_small_talk", "zh", "work", "我是老师", "has_job"),
    ("returning_purchase", "es", "greet", "Quiero devolver esto", "return_item"),
    ("returning_purchase", "fr", "problem", "Elle est trop grande", "wrong_size"),
    ("returning_purchase", "de", "receipt", "Nein, den habe ich nicht mehr", "no_receipt"),
    ("returning_purchase", "ja", "solution", "返金してください", "refund"),
    ("returning_purchase", "zh", "solution", "我要退款", "refund"),
    ("restaurant_complaint", "es", "greet", "La comida está fría", "food_cold"),
    ("restaurant_complaint", "fr", "apology", "Oui, volontiers", "accept_new"),
    ("restaurant_complaint", "de", "discount", "Ja, das ist in Ordnung", "accept_discount"),
    ("restaurant_complaint", "ja", "greet", "料理が冷たいです", "food_cold"),
    ("restaurant_complaint", "zh", "greet", "菜是凉的", "food_cold"),
    ("business_meeting", "es", "greet", "Vamos bien, según lo previsto", "on_track"),
    ("business_meeting", "fr", "greet", "On a un peu de retard", "delayed"),
    ("business_meeting", "de", "numbers", "Wir sind im Budget", "within_budget"),
    ("business_meeting", "ja", "greet", "少し遅れています", "delayed"),
    ("business_meeting", "zh", "numbers", "超预算了", "over_budget"),
    ("phone_booking", "es", "when", "El sábado a las nueve", "saturday_eight"),
    ("phone_booking", "fr", "party_size", "Nous serons quatre", "small_group"),
    ("phone_booking", "de", "seating", "Draußen, bitte", "terrace"),
    ("phone_booking", "ja", "party_size", "二人です", "small_group"),
    ("phone_booking", "zh", "party_size", "四个人", "small_group"),
    ("pharmacy", "es", "greet", "Necesito algo para la tos", "need_cold_medicine"),
    ("pharmacy", "fr", "driving", "Non, je ne conduis pas", "wont_drive"),
    ("pharmacy", "de", "bag", "Nein, danke", "no_bag"),
    ("pharmacy", "ja", "symptoms", "鼻水が止まりません", "runny_nose"),
    ("pharmacy", "zh", "symptoms", "我一直咳嗽", "cough_throat"),
    ("airport_check_in", "es", "seat", "Pasillo", "aisle"),
    ("airport_check_in", "fr", "bags", "Juste un bagage à main", "hand_luggage"),
    ("airport_check_in", "de", "liquids", "Nein, nichts", "no_liquids"),
    ("airport_check_in", "ja", "bags", "スーツケースを一つ預けます", "one_suitcase"),
    ("airport_check_in", "zh", "bags", "只有一个背包", "hand_luggage"),
    ("cafe_order", "fr", "size", "Un grand", "bigger_size"),
    ("cafe_order", "fr", "milk", "Lait d'avoine", "plant_milk"),
    ("cafe_order", "de", "milk", "Mit Hafermilch", "plant_milk"),
    ("cafe_order", "de", "payment", "Mit Karte", "pay_card"),
    ("cafe_order", "zh", "size", "大杯", "bigger_size"),
    ("cafe_order", "zh", "place", "打包带走", "take_away"),
]


def native_for(language: str) -> str:
    return "ja" if language == "en" else "en"


def keyword_answer(keyword: str, language: str) -> str:
    word = "612" if keyword == dialogue.NUMBER_KEYWORD else keyword.lstrip("^").rstrip("*")
    if keyword.startswith("^"):  # it only counts as the answer's first word
        return word + ("。" if language in ("ja", "zh") else ".")
    return FRAMES[language].format(word)


def walk(graph, choose, answer_for, **turn_options):
    """Answer every step with `answer_for(intent)` of the intent `choose(step)` until the partner says goodbye."""
    step_id, turns = graph.start, 0
    while not graph.steps[step_id].final:
        step = graph.steps[step_id]
        intent = choose(step)
        result = take_turn(
            graph, step_id, answer_for(intent), native_language=native_for(graph.language), **turn_options
        )
        assert result.matched_intent is not None, (step_id, answer_for(intent), result.answer_language)
        assert result.matched_intent.id == intent.id, (step_id, answer_for(intent))
        assert result.next_step_id == intent.next
        assert result.partner == graph.steps[intent.next].partner
        assert result.misses == 0 and result.hint is None and not result.wrong_language
        step_id, turns = result.next_step_id, turns + 1
        assert turns < 50, "the walk does not end"
    assert result.finished
    return turns


@pytest.fixture(scope="module")
def detector():
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in SCENARIO_LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


# --- The data -----------------------------------------------------------------------------------------------


def test_the_catalog_lists_the_twelve_scenarios_with_their_chooser_data():
    catalog = scenario_catalog()
    assert tuple(info.id for info in catalog) == SCENARIOS
    for info in catalog:
        assert info.specialization in dialogue.SPECIALIZATIONS
        assert 1 <= info.difficulty_min <= info.difficulty_max <= 10
        assert info.icon and info.icon == info.icon.lower()
        for text in (info.title, info.description, info.persona):
            assert text.en.strip() and text.ja.strip() and text.en != text.ja
        assert set(info.persona_names) == set(SCENARIO_LANGUAGES)


@pytest.mark.parametrize(("scenario", "language"), CASES)
def test_every_graph_is_complete_and_sound(scenario, language):
    graph = load_scenario(scenario, language)
    assert (graph.scenario, graph.language) == (scenario, language)
    assert graph.title.strip() and graph.persona.role.strip()
    assert graph.persona.name == next(i for i in scenario_catalog() if i.id == scenario).persona_names[language]
    # Reachability, no dead ends, ≥ 6 learner turns on every path, ≥ 2 intents, glosses, keywords that
    # select their own intent, model answers that match their own intent.
    assert validate_graph(graph) == []


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_all_partner_text_and_model_answers_are_in_the_graphs_language(scenario, detector):
    wrong = []
    for language in SCENARIO_LANGUAGES:
        for step in load_scenario(scenario, language).steps.values():
            lines = [step.partner.text] + ([step.reprompt.text] if step.reprompt else [])
            lines += [intent.model_answer.text for intent in step.intents]
            found = detector.detect_language_of(" ".join(lines))
            if found is None or found.iso_code_639_1.name.lower() != language:
                wrong.append((language, step.id, found))
    assert wrong == []


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_two_sibling_model_answers_are_fuzzy_matches_of_each_other(scenario):
    # The claim behind FUZZY_MATCH_THRESHOLD: a sibling's model answer never passes for this intent's.
    for language in SCENARIO_LANGUAGES:
        for step in load_scenario(scenario, language).steps.values():
            for intent in step.intents:
                text = normalise(intent.model_answer.text, language)
                for sibling in step.intents:
                    if sibling is not intent:
                        similarity = dialogue._similarity(text, sibling.model_answer.text, language)
                        assert similarity < dialogue.FUZZY_MATCH_THRESHOLD, (language, step.id, intent.id)


@pytest.mark.parametrize("language", SCENARIO_LANGUAGES)
def test_the_partners_stock_phrases_exist_in_every_language(language, detector):
    phrases = dialogue._phrases(language)
    lines = [*phrases.patience, phrases.hint, phrases.in_language, phrases.move_on]
    assert len(phrases.patience) >= 2
    assert all(line.text.strip() and line.gloss.en.strip() and line.gloss.ja.strip() for line in lines)
    assert (
        "{answer}" in phrases.hint.text and "{answer}" in phrases.hint.gloss.en and "{answer}" in phrases.hint.gloss.ja
    )
    assert "{language}" in phrases.language_note.en and "{language}" in phrases.language_note.ja
    found = detector.detect_language_of(" ".join(line.text for line in lines).replace("{answer}", ""))
    assert found.iso_code_639_1.name.lower() == language


def test_validate_graph_reports_what_is_broken():
    raw = {
        "scenario": "tiny",
        "language": "en",
        "title": "Tiny",
        "persona": {"name": "Ann", "role": "tester"},
        "start": "a",
        "steps": {
            "a": {
                "partner": "Tea or coffee?",
                "gloss": {"en": "Tea or coffee?", "ja": ""},
                "reprompt": "Tea or coffee?",
                "reprompt_gloss": {"en": "Tea or coffee?", "ja": "紅茶かコーヒーか"},
                "intents": [
                    {
                        "id": "tea",
                        "model_answer": "Tea, please.",
                        "model_answer_gloss": {"en": "Tea, please.", "ja": "紅茶をください。"},
                        "keywords": ["tea", "please"],
                        "next": "end",
                    },
                    {
                        "id": "coffee",
                        "model_answer": "Coffee, please.",
                        "model_answer_gloss": {"en": "Coffee, please.", "ja": "コーヒーをください。"},
                        "keywords": ["coffee", "please"],
                        "next": "nowhere",
                    },
                ],
            },
            "loop": {
                "partner": "Again?",
                "gloss": {"en": "Again?", "ja": "もう一度？"},
                "reprompt": "Again?",
                "reprompt_gloss": {"en": "Again?", "ja": "もう一度？"},
                "intents": [],
            },
            "end": {"partner": "Bye.", "gloss": {"en": "Bye.", "ja": "さようなら。"}, "final": True},
        },
    }
    problems = "\n".join(validate_graph(dialogue.graph_from_dict(raw)))
    assert "'a': partner line or its en/ja gloss is empty" in problems
    assert "leads to missing step 'nowhere'" in problems
    assert "keyword 'please' also belongs to intent 'tea'" in problems
    assert "'loop' is unreachable" in problems
    assert "'loop' is a dead end" in problems
    assert "'loop': 0 intent(s)" in problems
    assert "reached after 1 learner turns, 6 expected" in problems


def test_unknown_scenarios_languages_and_steps_are_clear_errors():
    with pytest.raises(ScenarioNotFound, match="unknown scenario 'space_walk'"):
        load_scenario("space_walk", "en")
    with pytest.raises(ScenarioNotFound, match="no scenarios in 'ko'"):
        load_scenario("cafe_order", "ko")
    graph = load_scenario("cafe_order", "en")
    assert load_scenario("cafe_order", "en") is graph  # cached
    with pytest.raises(DialogueError, match="no step 'nope'"):
        take_turn(graph, "nope", "A latte, please.")
    with pytest.raises(DialogueError, match="finished"):
        take_turn(graph, "goodbye", "Bye!")


# --- Walking the graphs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("scenario", "language"), CASES)
def test_a_learner_saying_the_model_answers_walks_to_the_end(scenario, language):
    graph = load_scenario(scenario, language)
    assert opening_line(graph) == graph.steps[graph.start].partner
    first = walk(graph, lambda step: step.intents[0], lambda intent: intent.model_answer.text)
    last = walk(graph, lambda step: step.intents[-1], lambda intent: intent.model_answer.text)
    assert first >= 6 and last >= 6


@pytest.mark.parametrize(("scenario", "language"), CASES)
def test_a_learner_who_only_shares_a_keyword_with_the_model_answer_is_understood(scenario, language):
    graph = load_scenario(scenario, language)
    # Every keyword alone, in a filler, selects its own intent at its step...
    for step in graph.steps.values():
        for intent in step.intents:
            for keyword in intent.keywords:
                got = match_answer(step, keyword_answer(keyword, language), language)
                assert got.intent is not None and got.intent.id == intent.id, (step.id, intent.id, keyword)
    # ...and such answers carry the learner through the whole conversation.
    turns = walk(
        graph,
        lambda step: step.intents[-1],
        lambda intent: keyword_answer(intent.keywords[-1], language),
        answer_language=language,
    )
    assert turns >= 6


@pytest.mark.parametrize(("scenario", "language", "step_id", "answer", "meaning"), REALISTIC_ANSWERS)
def test_realistic_answers_in_other_words_are_understood(scenario, language, step_id, answer, meaning):
    graph = load_scenario(scenario, language)
    result = take_turn(graph, step_id, answer, native_language=native_for(language))
    assert result.matched_intent is not None and result.matched_intent.id == meaning, result.answer_language
    assert result.next_step_id == result.matched_intent.next


@pytest.mark.parametrize(("scenario", "language"), CASES)
def test_an_off_topic_answer_gets_the_reprompt_and_the_step_does_not_advance(scenario, language):
    graph = load_scenario(scenario, language)
    for step in graph.steps.values():
        if step.final:
            continue
        result = take_turn(graph, step.id, OFF_TOPIC[language], native_language=native_for(language))
        assert result.matched_intent is None, (step.id, result.confidence)
        assert result.next_step_id == step.id and not result.finished and not result.moved_on
        assert result.partner == step.reprompt
        assert result.misses == 1 and result.hint is None
        assert result.closest_model_answer in [intent.model_answer for intent in step.intents]
        for sentence in MORE_OFF_TOPIC[language]:
            assert match_answer(step, sentence, language).intent is None, (step.id, sentence)


@pytest.mark.parametrize(("scenario", "language"), CASES)
def test_an_answer_in_another_language_is_flagged_and_asked_again(scenario, language):
    graph = load_scenario(scenario, language)
    step = graph.steps[graph.start]
    native = native_for(language)
    # The English (or, for English graphs, Japanese) gloss of a model answer: right meaning, wrong language.
    glosses = [intent.model_answer.gloss.in_locale(native) for intent in step.intents]
    answer = max(glosses, key=len)
    result = take_turn(graph, step.id, answer, native_language=native)
    assert result.wrong_language and result.answer_language == native, answer
    assert result.matched_intent is None and result.next_step_id == step.id
    assert result.language_note is not None
    assert dialogue.language_name(language, "en") in result.language_note.en
    assert dialogue.language_name(language, "ja") in result.language_note.ja
    assert result.partner.text == dialogue._phrases(language).in_language.text


def test_the_language_heard_by_speech_recognition_is_trusted():
    graph = load_scenario("cafe_order", "fr")
    heard_english = take_turn(graph, "greet", "Un café, s'il vous plaît.", answer_language="en")
    assert heard_english.wrong_language and heard_english.matched_intent is None
    heard_french = take_turn(graph, "greet", "Un café, s'il vous plaît.", answer_language="fr")
    assert heard_french.matched_intent.id == "order_drink"
    unknown = take_turn(graph, "greet", "Un café, s'il vous plaît.", answer_language="unknown")
    assert unknown.matched_intent.id == "order_drink"


def test_repeated_misses_bring_a_hint_then_the_partner_moves_on():
    graph = load_scenario("hotel_check_in", "es")
    first = take_turn(graph, "greet", "Hmm...")
    assert first.partner == graph.steps["greet"].reprompt and first.misses == 1
    second = take_turn(graph, "greet", "Hmm...", misses=first.misses)
    assert second.hint is not None and second.hint.text in second.partner.text
    assert second.hint.gloss.en in second.partner.gloss.en and second.hint.gloss.ja in second.partner.gloss.ja
    third = take_turn(graph, "greet", "Hmm...", misses=second.misses)
    assert third.misses == 3 and third.partner.text != second.partner.text  # varied, not the same line again
    fourth = take_turn(graph, "greet", "Hmm...", misses=third.misses)
    assert fourth.moved_on and fourth.misses == 0
    assert fourth.next_step_id == graph.steps["greet"].intents[0].next
    assert fourth.partner.text.endswith(graph.steps[fourth.next_step_id].partner.text)


def test_beginners_get_the_hint_with_the_first_reprompt():
    graph = load_scenario("pharmacy", "de")
    beginner = take_turn(graph, "greet", "Hmm...", difficulty=2)
    assert beginner.hint is not None and beginner.misses == 1
    assert beginner.partner.text.startswith(graph.steps["greet"].reprompt.text)
    assert beginner.hint.text in beginner.partner.text
    advanced = take_turn(graph, "greet", "Hmm...", difficulty=8)
    assert advanced.hint is None and advanced.partner == graph.steps["greet"].reprompt


@pytest.mark.parametrize(("language", "name"), [("en", "Smith"), ("fr", "Tanaka Yuki"), ("ja", "スミス"), ("zh", "王")])
def test_an_open_intent_takes_a_name_no_keyword_could_list(language, name):
    graph = load_scenario("phone_booking", language)
    result = take_turn(graph, "name", name, native_language=native_for(language), answer_language=language)
    assert result.matched_intent is not None and result.matched_intent.open
    assert result.next_step_id == "phone_number"
    sentence = take_turn(graph, "name", OFF_TOPIC[language], native_language=native_for(language))
    assert sentence.matched_intent is None and sentence.next_step_id == "name"


# --- Edge cases: the answer is only ever plain text ---------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "   \n\t ",
        "😀🎉👍",
        "<script>alert('hi')</script>",
        "'; DROP TABLE messages; --",
        "مرحبا، كيف حالك؟",
        "x" * 5000,
        "\u200b\u200f\ufeff",
    ],
)
def test_strange_answers_get_a_reprompt_not_an_error(answer):
    graph = load_scenario("cafe_order", "en")
    result = take_turn(graph, "greet", answer, native_language="ja")
    assert result.matched_intent is None and result.next_step_id == "greet"
    assert result.partner == graph.steps["greet"].reprompt
    assert answer.strip() == "" or answer not in result.partner.text


def test_markup_around_a_good_answer_is_read_as_text():
    graph = load_scenario("cafe_order", "en")
    result = take_turn(graph, "greet", "<b>A latte</b>, please 😊", native_language="ja")
    assert result.matched_intent.id == "order_drink"
    assert "<b>" not in result.partner.text


def test_normalisation_ignores_case_accents_punctuation_and_full_width():
    assert normalise("ＣＡＦÉ, s'il vous plaît !", "fr") == "cafe s il vous plait"
    assert normalise("Größe", "de") == "grosse"
    assert normalise("コーヒー を ください", "ja") == "こーひーをください"  # katakana as hiragana, no spaces
    assert normalise("ガイド", "ja") == "がいど"  # voicing marks stay
    assert normalise("Wi-Fi 密码", "zh") == "wi fi密码"


def test_typos_and_inflections_still_match():
    graph = load_scenario("hotel_check_in", "en")
    assert match_answer(graph.steps["greet"], "Yes, I have a reservaton.", "en").intent.id == "has_booking"
    graph = load_scenario("cafe_order", "es")
    assert match_answer(graph.steps["greet"], "¿Qué me recomiendas tú?", "es").intent.id == "ask_recommendation"
    assert match_answer(graph.steps["greet"], "QUERÍA UN CAFÉ", "es").intent.id == "order_drink"
    graph = load_scenario("cafe_order", "ja")
    assert match_answer(graph.steps["greet"], "こーひーをおねがいします", "ja").intent.id == "order_drink"


def test_language_identification():
    assert detect_language("Un café", "es") == "unknown"  # under three words
    assert detect_language("Quería un café con leche, por favor.", "es") == "es"
    assert detect_language("I would like a coffee with milk, please.", "es") == "en"
    assert detect_language("Wi-Fiのパスワードを教えてください。", "ja") == "ja"
    assert detect_language("Je voudrais un café au lait.", "de", "fr") == "fr"
    assert dialogue.word_count("カフェラテをお願いします") >= 3
    assert detect_language("Quería un café con leche, por favor.", "es", "") == "es"  # no native language known
    assert detect_language("Quería un café con leche, por favor.", "es", "xx") == "es"


# --- Offline feedback ---------------------------------------------------------------------------------------


def test_feedback_aligns_the_answer_with_the_model_answer():
    feedback = compare_with_model_answer("I like a latte", "I'd like a latte, please.", "en")
    assert feedback.missing == ("please",)
    assert [(piece.said, piece.expected) for piece in feedback.different] == [("I", "I'd")]
    assert feedback.extra == ()
    assert 0 < feedback.similarity < 1
    assert feedback.grammar_needs_ai is True


def test_feedback_suggests_spelling_where_a_dictionary_ships():
    feedback = compare_with_model_answer("I would like a cofee please", "I'd like a latte, please.", "en")
    assert feedback.spelling_checked
    assert ("cofee", "coffee") in [(s.word, s.suggestion) for s in feedback.spelling]
    german = compare_with_model_answer(
        "Ich hätte gern einen Milchkafee", "Ich hätte gern einen Milchkaffee, bitte.", "de"
    )
    assert [(s.word, s.suggestion) for s in german.spelling] == [("Milchkafee", "Milchkaffee")]
    assert german.missing == ("bitte",)
    japanese = compare_with_model_answer("カフェラテください", "カフェラテをお願いします。", "ja")
    assert not japanese.spelling_checked and japanese.spelling == ()
    assert japanese.alignment[0].kind == "same" and japanese.alignment[0].said == "カフェラテ"
    assert japanese.missing or japanese.different
