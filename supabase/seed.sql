-- Seed content for local development and `supabase db reset`.
-- Plans and the achievements catalog are reference data and live in migrations
-- (a hosted `supabase db push` never runs this file); this file holds content:
-- 24 original conversation scripts (台本) in en, es, fr, de, ja and zh.
-- Idempotent: fixed ids with ON CONFLICT, so it can be applied on every start.

-- Conversation scripts: English, Spanish, French (original writing).

-- 01 [en] cafe_order (difficulty 1)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000001',
  'Ordering at a Café',
  'Order a drink and a snack at a café counter and pay by card.',
  $json${"target": "en"}$json$::jsonb,
  'cafe_order',
  1,
  3,
  $json$[
  {"order": 1, "speaker": "partner", "text": "Hi there! What can I get you?", "translations": {"ja": "いらっしゃいませ。ご注文はお決まりですか？"}},
  {"order": 2, "speaker": "learner", "text": "Can I have a latte, please?", "alternatives": ["I'd like a latte, please.", "A latte, please."], "translations": {"ja": "ラテを一つお願いします。"}},
  {"order": 3, "speaker": "partner", "text": "Sure. What size would you like? Small, medium or large?", "translations": {"ja": "かしこまりました。サイズはいかがなさいますか？スモール、ミディアム、ラージがございます。"}},
  {"order": 4, "speaker": "learner", "text": "Medium, please. And a blueberry muffin.", "alternatives": ["A medium, please, and a blueberry muffin too.", "Medium, please. Can I also get a blueberry muffin?"], "translations": {"ja": "ミディアムでお願いします。それとブルーベリーマフィンを一つ。"}},
  {"order": 5, "speaker": "partner", "text": "Is that for here or to go?", "translations": {"ja": "店内でお召し上がりですか、それともお持ち帰りですか？"}},
  {"order": 6, "speaker": "learner", "text": "For here, please. Can I pay by card?", "alternatives": ["I'll have it here. Do you take cards?", "For here, thanks. Is it OK to pay by card?"], "translations": {"ja": "店内で食べます。カードで払えますか？"}},
  {"order": 7, "speaker": "partner", "text": "Of course. That'll be $6.50. Just tap your card on the reader.", "translations": {"ja": "もちろんです。6ドル50セントになります。こちらの端末にカードをタッチしてください。"}},
  {"order": 8, "speaker": "learner", "text": "Great, thank you!", "alternatives": ["Thanks so much!", "Perfect, thanks!"], "translations": {"ja": "ありがとうございます！"}}
]$json$::jsonb,
  $json${
  "en": [
    "In many US cafés a tip jar or a tipping screen appears when you pay at the counter. Tipping for counter service is optional, but leaving a dollar or so is common.",
    "'For here or to go?' is American English. In the UK you are more likely to hear 'Eat in or take away?'"
  ],
  "ja": [
    "アメリカのカフェでは、カウンターで支払う際にチップ用の瓶や、チップを選ぶ画面が表示されることがよくあります。カウンターでのサービスへのチップは任意ですが、1ドル程度置いていく人が多いです。",
    "「For here or to go?」はアメリカ英語の言い方です。イギリスでは「Eat in or take away?」と聞かれることが多いです。"
  ]
}$json$::jsonb,
  $json$[
  {"term": "Can I have ...?", "meaning": {"en": "a polite, everyday way to order something", "ja": "〜をください（注文するときの丁寧で自然な言い方）"}},
  {"term": "for here", "meaning": {"en": "to eat or drink inside the café", "ja": "店内で（飲食する）"}},
  {"term": "to go", "meaning": {"en": "to take your order away with you", "ja": "持ち帰りで"}},
  {"term": "pay by card", "meaning": {"en": "to pay with a credit or debit card", "ja": "カードで支払う"}},
  {"term": "tap (your card)", "meaning": {"en": "to touch a contactless card or phone to the reader", "ja": "（非接触決済で）カードをタッチする"}}
]$json$::jsonb,
  'daily_life',
  array['cafe','ordering','food_and_drink','beginner'],
  null,
  false
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 02 [en] hotel_check_in (difficulty 3)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000002',
  'Checking In at a Hotel',
  'Check in at a hotel reception, ask about breakfast and checkout, and request a wake-up call.',
  $json${"target": "en"}$json$::jsonb,
  'hotel_check_in',
  3,
  5,
  $json$[
  {"order": 1, "speaker": "partner", "text": "Good evening, and welcome to the Harbour View Hotel. How can I help you?", "translations": {"ja": "こんばんは。ハーバービューホテルへようこそ。ご用件をお伺いいたします。"}},
  {"order": 2, "speaker": "learner", "text": "Hi, I have a reservation under the name Tanaka.", "alternatives": ["Good evening. I've booked a room under Tanaka.", "Hello, I'd like to check in, please. The booking is under Tanaka."], "translations": {"ja": "こんばんは。田中の名前で予約しています。"}},
  {"order": 3, "speaker": "partner", "text": "Let me just check... Yes, a double room for three nights. May I see your passport, please?", "translations": {"ja": "確認いたします……はい、ダブルルームで3泊のご予約ですね。パスポートを拝見してもよろしいでしょうか？"}},
  {"order": 4, "speaker": "learner", "text": "Sure, here you are. Is breakfast included?", "alternatives": ["Of course, here it is. Does the rate include breakfast?", "Here you go. Is breakfast included in the price?"], "translations": {"ja": "はい、どうぞ。朝食は料金に含まれていますか？"}},
  {"order": 5, "speaker": "partner", "text": "Yes, it is. Breakfast is served from 6:30 to 10:00 in the restaurant on the ground floor.", "translations": {"ja": "はい、含まれております。朝食は1階のレストランで6時30分から10時までご用意しております。"}},
  {"order": 6, "speaker": "learner", "text": "Lovely. And what time is checkout?", "alternatives": ["Great. What time do I need to check out?", "Perfect. When is checkout?"], "translations": {"ja": "よかったです。チェックアウトは何時ですか？"}},
  {"order": 7, "speaker": "partner", "text": "Checkout is at 11 a.m. Here's your key card. You're in room 512, and the lifts are just behind you.", "translations": {"ja": "チェックアウトは午前11時です。こちらがカードキーでございます。お部屋は512号室で、エレベーターはすぐ後ろにございます。"}},
  {"order": 8, "speaker": "learner", "text": "Thank you. Could I also have a wake-up call at seven tomorrow?", "alternatives": ["Thanks. Would it be possible to get a wake-up call at 7 a.m.?", "Thank you. Could you give me a wake-up call at seven tomorrow morning?"], "translations": {"ja": "ありがとうございます。明日の朝7時にモーニングコールもお願いできますか？"}}
]$json$::jsonb,
  $json${
  "en": [
    "In British English the 'ground floor' is at street level and the 'first floor' is one floor up. In American English the street level is called the 'first floor'.",
    "British English says 'lift'; American English says 'elevator'.",
    "Hotels in English-speaking countries often place a temporary hold on your credit card at check-in to cover extras such as the minibar. It is released after checkout."
  ],
  "ja": [
    "イギリス英語では、道路と同じ高さの階を「ground floor」と呼び、その一つ上が「first floor」になります。アメリカ英語では道路と同じ高さの階を「first floor」と呼びます。",
    "エレベーターはイギリス英語で「lift」、アメリカ英語で「elevator」と言います。",
    "英語圏のホテルでは、チェックイン時にミニバーなどの追加料金に備えてクレジットカードに一時的な与信枠の確保（デポジット）を行うことがよくあります。チェックアウト後に解除されます。"
  ]
}$json$::jsonb,
  $json$[
  {"term": "reservation / booking", "meaning": {"en": "an arrangement to keep a room for you", "ja": "予約"}},
  {"term": "under the name ...", "meaning": {"en": "registered with this name", "ja": "〜の名前で（予約している）"}},
  {"term": "check in / check out", "meaning": {"en": "to register on arrival / to leave and settle the bill", "ja": "チェックインする／チェックアウトする"}},
  {"term": "key card", "meaning": {"en": "a plastic card used to open your room door", "ja": "カードキー"}},
  {"term": "ground floor", "meaning": {"en": "the floor at street level (British English)", "ja": "（イギリス英語で）1階、地上階"}},
  {"term": "lift", "meaning": {"en": "British English for 'elevator'", "ja": "エレベーター（イギリス英語）"}},
  {"term": "wake-up call", "meaning": {"en": "a phone call from reception to wake you at a set time", "ja": "モーニングコール"}}
]$json$::jsonb,
  'travel',
  array['hotel','check_in','uk','reception'],
  'hospitality',
  false
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 03 [en] doctor_appointment_booking (difficulty 6)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000003',
  'Booking an Appointment at the GP Surgery',
  'Phone a UK GP surgery, describe your symptoms and arrange an in-person appointment.',
  $json${"target": "en"}$json$::jsonb,
  'doctor_appointment_booking',
  6,
  6,
  $json$[
  {"order": 1, "speaker": "partner", "text": "Good morning, Riverside Medical Practice, Sarah speaking. How can I help?", "translations": {"ja": "おはようございます。リバーサイド診療所、受付のサラです。どうなさいましたか？"}},
  {"order": 2, "speaker": "learner", "text": "Hello, I'd like to book an appointment with a doctor, please. I've had a sore throat and a temperature for about four days.", "alternatives": ["Hi, I was hoping to see a doctor. I've had a sore throat and a fever for around four days now.", "Good morning. Could I make an appointment with a GP? I've had a really sore throat and a high temperature for four days."], "translations": {"ja": "もしもし、医師の診察を予約したいのですが。4日ほど前から喉が痛くて、熱もあります。"}},
  {"order": 3, "speaker": "partner", "text": "I'm sorry to hear that. Are you registered with us? Can I take your name and date of birth?", "translations": {"ja": "それはおつらいですね。こちらの診療所に登録されていますか？お名前と生年月日をお伺いできますか？"}},
  {"order": 4, "speaker": "learner", "text": "Yes, I registered last month. My name is Kenji Sato, and my date of birth is the fourteenth of March, 1995.", "alternatives": ["Yes, I joined the practice last month. It's Kenji Sato, born on the fourteenth of March, 1995.", "I am, yes, I signed up a few weeks ago. Kenji Sato, date of birth fourteenth of March, 1995."], "translations": {"ja": "はい、先月登録しました。名前は佐藤健二で、生年月日は1995年3月14日です。"}},
  {"order": 5, "speaker": "partner", "text": "Thank you, Mr Sato. The earliest I can offer you is tomorrow at 10:40 with Dr Patel. Alternatively, there's a telephone appointment this afternoon.", "translations": {"ja": "ありがとうございます、佐藤様。一番早い枠ですと、明日10時40分にパテル医師の診察がございます。あるいは、本日午後に電話での診察も可能です。"}},
  {"order": 6, "speaker": "learner", "text": "I'd rather be seen in person, so tomorrow at 10:40 would be great. Should I bring anything with me?", "alternatives": ["I'd prefer a face-to-face appointment, so I'll take tomorrow at 10:40. Do I need to bring anything?", "Tomorrow at 10:40 works for me; I'd like the doctor to have a look at my throat. Is there anything I should bring?"], "translations": {"ja": "直接診ていただきたいので、明日の10時40分でお願いします。何か持っていくものはありますか？"}},
  {"order": 7, "speaker": "partner", "text": "Just a list of any medication you're taking. And if you have trouble breathing or swallowing before then, call 111, or 999 in an emergency.", "translations": {"ja": "服用中のお薬があれば、そのリストだけお持ちください。それまでに息苦しさや飲み込みにくさが出てきた場合は111番に、緊急の場合は999番にお電話ください。"}},
  {"order": 8, "speaker": "learner", "text": "Will do. Thanks so much for fitting me in.", "alternatives": ["I will. Thank you for squeezing me in.", "Understood. Thanks very much for your help."], "translations": {"ja": "わかりました。予約を入れていただき、本当にありがとうございます。"}}
]$json$::jsonb,
  $json${
  "en": [
    "In the UK you normally register with a local GP surgery before booking routine appointments. Receptionists often ask briefly about your symptoms so they can direct you to the right clinician.",
    "NHS 111 is the free number for urgent but non-life-threatening medical advice. For emergencies, call 999 (112 also works).",
    "In British English, a 'surgery' can simply mean a GP's practice or consulting room, not an operation."
  ],
  "ja": [
    "イギリスでは通常、かかりつけの診療所（GP）に事前登録してから診察を予約します。適切な医療スタッフにつなぐため、受付で症状を簡単に聞かれることがよくあります。",
    "NHS 111は、急を要するものの命に関わらない症状について相談できる無料の番号です。緊急時は999番（112番も可）に電話します。",
    "イギリス英語の「surgery」は、手術ではなく、単に一般開業医の診療所や診察室を指すことがあります。"
  ]
}$json$::jsonb,
  $json$[
  {"term": "GP", "meaning": {"en": "general practitioner: a family doctor", "ja": "一般開業医、かかりつけ医"}},
  {"term": "surgery", "meaning": {"en": "(UK) a GP's practice or consulting room", "ja": "（イギリスで）診療所"}},
  {"term": "register with", "meaning": {"en": "to sign up officially as a patient at a practice", "ja": "（診療所に）患者として登録する"}},
  {"term": "have a temperature", "meaning": {"en": "to have a fever", "ja": "熱がある"}},
  {"term": "sore throat", "meaning": {"en": "pain in the throat", "ja": "喉の痛み"}},
  {"term": "in person / face-to-face", "meaning": {"en": "physically present, not by phone or video", "ja": "対面で"}},
  {"term": "medication", "meaning": {"en": "medicine that you take regularly", "ja": "（服用中の）薬"}},
  {"term": "fit someone in", "meaning": {"en": "to find time for someone in a busy schedule", "ja": "（忙しい中）予定に入れてあげる"}}
]$json$::jsonb,
  'medical',
  array['uk','nhs','phone_call','appointment','symptoms'],
  null,
  true
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 04 [en] university_office_hours (difficulty 9)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000004',
  'Office Hours: Feedback and an Extension',
  'Discuss feedback on an essay draft with a lecturer and tactfully ask for a deadline extension.',
  $json${"target": "en"}$json$::jsonb,
  'university_office_hours',
  9,
  9,
  $json$[
  {"order": 1, "speaker": "partner", "text": "Come on in and have a seat. What can I do for you?", "translations": {"ja": "どうぞ入って、座ってください。今日はどうしましたか？"}},
  {"order": 2, "speaker": "learner", "text": "Thanks for seeing me. I wanted to go over your feedback on my draft, and, to be upfront, I'm also hoping to ask about an extension.", "alternatives": ["Thanks for making the time. I was hoping to talk through your comments on my draft and, to be honest, ask whether an extension might be possible.", "I appreciate you seeing me. I'd like to discuss the feedback on my draft, and I should say up front that I'm also here to ask about an extension."], "translations": {"ja": "お時間をいただきありがとうございます。下書きへのフィードバックについてご相談したいのと、正直に申し上げると、提出期限の延長についてもお願いできればと思いまして。"}},
  {"order": 3, "speaker": "partner", "text": "Fair enough. Let's start with the draft. My main concern was that your argument gets a bit lost in the second half. What were you trying to do there?", "translations": {"ja": "わかりました。まずは下書きから見ていきましょう。一番気になったのは、後半で論旨が少しぼやけてしまっている点です。あそこでは何をしようとしていたんですか？"}},
  {"order": 4, "speaker": "learner", "text": "I was trying to address the counterarguments, but I think I bit off more than I could chew. I ended up summarising other people's views rather than engaging with them.", "alternatives": ["I meant to tackle the main objections, but I took on too much and ended up just summarising the literature instead of critiquing it.", "My aim was to deal with the counterarguments, but in hindsight I spread myself too thin, so it reads more like a summary than a critique."], "translations": {"ja": "反論を取り上げようとしたのですが、手に負えないほど欲張ってしまったと思います。結局、他の研究者の見解に踏み込んで議論するのではなく、要約するだけになってしまいました。"}},
  {"order": 5, "speaker": "partner", "text": "That's a very fair assessment. I'd suggest picking the two strongest objections and really taking them apart. Now, about this extension: what's going on?", "translations": {"ja": "とても的確な自己分析ですね。最も有力な反論を二つに絞って、徹底的に検討することをお勧めします。さて、延長の件ですが、何か事情があるんですか？"}},
  {"order": 6, "speaker": "learner", "text": "I was off sick for most of last week, and I've fallen behind. I have a doctor's note, if that helps. I'm not after a lot of time; an extra week would make all the difference.", "alternatives": ["I was unwell for most of last week, so I'm behind. I've got a doctor's note if you need it, and honestly, one more week would be plenty.", "I was ill for the better part of last week and lost a lot of ground. I do have a medical certificate. Even a week's extension would really help."], "translations": {"ja": "先週はほとんど体調を崩して休んでいたので、遅れてしまいました。必要でしたら医師の診断書もあります。長い期間をお願いするつもりはなく、1週間あるだけで全然違うんです。"}},
  {"order": 7, "speaker": "partner", "text": "I'm sorry to hear you've been unwell. Strictly speaking, extensions go through the student office, but I'm happy to support your request. Have you filled in the extenuating circumstances form?", "translations": {"ja": "体調を崩していたとは大変でしたね。厳密には延長は学生課を通して申請することになっていますが、あなたの申請は喜んで後押ししますよ。特別事情の申請書はもう記入しましたか？"}},
  {"order": 8, "speaker": "learner", "text": "Not yet. I didn't realise that was the procedure. I'll get it in today. Would you mind if I mentioned that you're supportive?", "alternatives": ["No, I wasn't aware I had to. I'll submit it today. Is it all right if I say you've agreed to back it?", "Not yet, I hadn't realised. I'll sort it out this afternoon. Could I mention that you're in favour?"], "translations": {"ja": "まだです。そういう手続きだとは知りませんでした。今日中に提出します。先生が賛成してくださっていると書き添えてもよろしいでしょうか？"}},
  {"order": 9, "speaker": "partner", "text": "By all means. Just copy me in on the email. And don't let the extra week tempt you into rewriting everything from scratch. Focus on tightening up that second half.", "translations": {"ja": "もちろんです。メールのCCに私を入れておいてください。それから、1週間延びたからといって、一から全部書き直そうとしないように。後半を引き締めることに集中してください。"}},
  {"order": 10, "speaker": "learner", "text": "That's really helpful. I'll resist the urge. Thanks again for your time.", "alternatives": ["Point taken, I'll keep it focused. Thank you so much for your time.", "Noted, I won't go overboard. I really appreciate your help."], "translations": {"ja": "とても参考になります。全部書き直したくなっても我慢します。改めて、お時間をいただきありがとうございました。"}}
]$json$::jsonb,
  $json${
  "en": [
    "Office hours are set times when lecturers are available to students without an appointment. Using them is normal and is usually seen as a sign of engagement, not weakness.",
    "At many English-speaking universities, extensions go through a formal process (often called 'extenuating' or 'mitigating circumstances'), so an individual lecturer may not be able to grant one alone.",
    "Being direct but polite works well: state your request early, give a brief reason and propose a specific, modest timeframe."
  ],
  "ja": [
    "オフィスアワーとは、予約なしで学生が教員を訪ねられるよう設けられた時間帯です。利用するのはごく普通のことで、弱さではなく熱心さの表れと受け取られるのが一般的です。",
    "英語圏の多くの大学では、提出期限の延長は正式な手続き（「extenuating circumstances」や「mitigating circumstances」と呼ばれることが多い）を経て認められるため、担当教員の判断だけでは延長できない場合があります。",
    "丁寧でありながら率直に伝えるのが効果的です。早めに用件を切り出し、理由を簡潔に述べ、具体的で控えめな期間を提案しましょう。"
  ]
}$json$::jsonb,
  $json$[
  {"term": "office hours", "meaning": {"en": "regular times when a lecturer is available to see students", "ja": "オフィスアワー（教員が学生の相談に応じる時間）"}},
  {"term": "extension", "meaning": {"en": "extra time allowed after the original deadline", "ja": "（提出期限の）延長"}},
  {"term": "up front / upfront", "meaning": {"en": "openly, from the very beginning", "ja": "最初から率直に"}},
  {"term": "bite off more than you can chew", "meaning": {"en": "to try to do more than you are able to", "ja": "欲張って手に負えないことを引き受ける"}},
  {"term": "spread yourself too thin", "meaning": {"en": "to try to do too many things, so none is done well", "ja": "手を広げすぎる"}},
  {"term": "extenuating circumstances", "meaning": {"en": "reasons such as illness that justify special treatment", "ja": "（考慮されるべき）特別な事情"}},
  {"term": "copy someone in", "meaning": {"en": "to add someone to an email in the CC field", "ja": "（メールの）CCに入れる"}},
  {"term": "from scratch", "meaning": {"en": "from the very beginning, with nothing done", "ja": "一から、ゼロから"}}
]$json$::jsonb,
  'academic',
  array['university','office_hours','essay','extension','negotiation'],
  null,
  true
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 05 [es] train_tickets (difficulty 2)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000005',
  'Comprar billetes de tren',
  'Buy a return train ticket at a station ticket office in Spain.',
  $json${"target": "es"}$json$::jsonb,
  'train_tickets',
  2,
  4,
  $json$[
  {"order": 1, "speaker": "partner", "text": "Buenos días. ¿En qué puedo ayudarle?", "translations": {"en": "Good morning. How can I help you?", "ja": "おはようございます。どのようなご用件でしょうか？"}},
  {"order": 2, "speaker": "learner", "text": "Buenos días. Quiero un billete para Sevilla, por favor.", "alternatives": ["Buenos días. Un billete para Sevilla, por favor.", "Hola, buenos días. Quería un billete a Sevilla."], "translations": {"en": "Good morning. I'd like a ticket to Seville, please.", "ja": "おはようございます。セビリアまでの切符を1枚お願いします。"}},
  {"order": 3, "speaker": "partner", "text": "¿Para hoy? ¿De ida o de ida y vuelta?", "translations": {"en": "For today? One-way or return?", "ja": "本日のご利用ですか？片道ですか、それとも往復ですか？"}},
  {"order": 4, "speaker": "learner", "text": "Para hoy, de ida y vuelta. Vuelvo el domingo.", "alternatives": ["Sí, para hoy. De ida y vuelta, con regreso el domingo.", "Para hoy, ida y vuelta, por favor. Regreso el domingo."], "translations": {"en": "For today, return. I'm coming back on Sunday.", "ja": "今日です。往復でお願いします。日曜日に戻ります。"}},
  {"order": 5, "speaker": "partner", "text": "Hay un tren a las once y cuarto. En clase turista son ochenta y cuatro euros en total.", "translations": {"en": "There's a train at quarter past eleven. In standard class it's eighty-four euros in total.", "ja": "11時15分発の列車がございます。普通席で合計84ユーロです。"}},
  {"order": 6, "speaker": "learner", "text": "Perfecto. ¿Puedo pagar con tarjeta?", "alternatives": ["Vale. ¿Se puede pagar con tarjeta?", "Muy bien. ¿Aceptan tarjeta?"], "translations": {"en": "Perfect. Can I pay by card?", "ja": "わかりました。カードで払えますか？"}},
  {"order": 7, "speaker": "partner", "text": "Sí, claro. Aquí tiene sus billetes. El tren sale del andén cinco.", "translations": {"en": "Yes, of course. Here are your tickets. The train leaves from platform five.", "ja": "はい、もちろんです。こちらが切符です。列車は5番線から発車します。"}},
  {"order": 8, "speaker": "learner", "text": "Muchas gracias. ¡Hasta luego!", "alternatives": ["Gracias. ¡Adiós!", "Muy amable, gracias. ¡Hasta luego!"], "translations": {"en": "Thank you very much. See you!", "ja": "どうもありがとうございます。失礼します！"}}
]$json$::jsonb,
  $json${
  "en": [
    "In Spain a ticket is 'un billete'; in most of Latin America people say 'un boleto'.",
    "Before boarding Spain's high-speed trains (AVE and others), your luggage usually goes through an X-ray scanner, so arrive a little early.",
    "'Vale' is the everyday way to say 'OK' in Spain, but it is rarely used this way in Latin America."
  ],
  "ja": [
    "スペインでは切符を「un billete」と言いますが、中南米のほとんどの国では「un boleto」と言います。",
    "スペインの高速鉄道（AVEなど）に乗る前には、通常、手荷物のX線検査があるので、少し早めに駅に着くようにしましょう。",
    "「Vale」はスペインで「OK」を意味する日常的な表現ですが、中南米ではこの意味ではあまり使われません。"
  ]
}$json$::jsonb,
  $json$[
  {"term": "el billete", "meaning": {"en": "ticket (in Spain)", "ja": "切符、乗車券（スペイン）"}},
  {"term": "de ida", "meaning": {"en": "one-way", "ja": "片道"}},
  {"term": "de ida y vuelta", "meaning": {"en": "return / round trip", "ja": "往復"}},
  {"term": "el andén", "meaning": {"en": "platform", "ja": "（駅の）ホーム、〜番線"}},
  {"term": "pagar con tarjeta", "meaning": {"en": "to pay by card", "ja": "カードで支払う"}},
  {"term": "salir", "meaning": {"en": "to leave, to depart", "ja": "出発する"}}
]$json$::jsonb,
  'travel',
  array['train','tickets','spain','station','beginner'],
  null,
  false
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 06 [es] pharmacy (difficulty 4)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000006',
  'En la farmacia',
  'Describe a cough and sore throat to a pharmacist and ask how to take the medicine.',
  $json${"target": "es"}$json$::jsonb,
  'pharmacy',
  4,
  5,
  $json$[
  {"order": 1, "speaker": "partner", "text": "Buenas tardes, dígame.", "translations": {"en": "Good afternoon, how can I help?", "ja": "こんにちは。どうなさいましたか？"}},
  {"order": 2, "speaker": "learner", "text": "Buenas tardes. Tengo tos y me duele mucho la garganta desde ayer. ¿Me puede recomendar algo?", "alternatives": ["Hola, buenas tardes. Desde ayer tengo tos y mucho dolor de garganta. ¿Qué me recomienda?", "Buenas tardes. Llevo desde ayer con tos y dolor de garganta. ¿Tiene algo para eso?"], "translations": {"en": "Good afternoon. I've had a cough and a very sore throat since yesterday. Can you recommend something?", "ja": "こんにちは。昨日から咳が出て、喉がとても痛いんです。何かおすすめの薬はありますか？"}},
  {"order": 3, "speaker": "partner", "text": "¿Tiene fiebre? ¿Y la tos es seca o con flemas?", "translations": {"en": "Do you have a fever? And is it a dry cough or a chesty one?", "ja": "熱はありますか？咳は乾いた咳ですか、それとも痰が絡みますか？"}},
  {"order": 4, "speaker": "learner", "text": "No tengo fiebre. Es una tos seca, sobre todo por la noche.", "alternatives": ["Fiebre no tengo. La tos es seca y me molesta más por la noche.", "No, no tengo fiebre. Es tos seca, y empeora por las noches."], "translations": {"en": "I don't have a fever. It's a dry cough, especially at night.", "ja": "熱はありません。乾いた咳で、特に夜にひどくなります。"}},
  {"order": 5, "speaker": "partner", "text": "Le recomiendo este jarabe para la tos seca y unas pastillas para chupar para la garganta. ¿Es alérgico a algún medicamento?", "translations": {"en": "I recommend this syrup for dry coughs and some lozenges for your throat. Are you allergic to any medication?", "ja": "乾いた咳にはこちらのシロップを、喉にはこちらのトローチをおすすめします。何かお薬のアレルギーはありますか？"}},
  {"order": 6, "speaker": "learner", "text": "Que yo sepa, no. ¿Cada cuántas horas tengo que tomar el jarabe?", "alternatives": ["No, que yo sepa. ¿Cada cuánto tengo que tomar el jarabe?", "No, ninguna. ¿Cuántas veces al día tengo que tomar el jarabe?"], "translations": {"en": "Not that I know of. How often do I need to take the syrup?", "ja": "私の知る限りではありません。シロップは何時間おきに飲めばいいですか？"}},
  {"order": 7, "speaker": "partner", "text": "Diez mililitros cada ocho horas; dentro de la caja tiene un vasito dosificador. Si en cinco días no mejora o le sube la fiebre, vaya al médico.", "translations": {"en": "Ten millilitres every eight hours; there's a measuring cup inside the box. If you're not better in five days or you get a fever, see a doctor.", "ja": "8時間おきに10ミリリットルです。箱の中に計量カップが入っています。5日経っても良くならない場合や熱が出てきた場合は、病院に行ってください。"}},
  {"order": 8, "speaker": "learner", "text": "Entendido, muchas gracias. ¿Cuánto le debo?", "alternatives": ["De acuerdo, gracias. ¿Qué le debo?", "Muy bien. ¿Cuánto es todo?"], "translations": {"en": "Understood, thank you very much. How much do I owe you?", "ja": "わかりました、ありがとうございます。おいくらですか？"}}
]$json$::jsonb,
  $json${
  "en": [
    "Spanish pharmacies are marked with a green cross, and pharmacists routinely advise on minor ailments. Asking them first is very common before going to a doctor.",
    "Outside normal opening hours, a rotating 'farmacia de guardia' stays open; the address of the nearest one is posted on the door of every pharmacy.",
    "In Spain, medicines such as antibiotics require a prescription ('receta'), and pharmacists will not sell them without one."
  ],
  "ja": [
    "スペインの薬局は緑の十字の看板が目印で、薬剤師は軽い体調不良について日常的に相談に乗ってくれます。病院に行く前にまず薬剤師に相談するのはごく一般的です。",
    "通常の営業時間外は、当番制の「farmacia de guardia（当番薬局）」が開いています。最寄りの当番薬局の住所は、どの薬局の扉にも掲示されています。",
    "スペインでは抗生物質などの薬は処方箋（「receta」）が必要で、処方箋がなければ薬剤師は販売してくれません。"
  ]
}$json$::jsonb,
  $json$[
  {"term": "la tos", "meaning": {"en": "cough", "ja": "咳"}},
  {"term": "la garganta", "meaning": {"en": "throat", "ja": "喉"}},
  {"term": "la fiebre", "meaning": {"en": "fever", "ja": "熱"}},
  {"term": "el jarabe", "meaning": {"en": "syrup (medicine)", "ja": "シロップ（薬）"}},
  {"term": "las pastillas para chupar", "meaning": {"en": "throat lozenges", "ja": "トローチ、のど飴"}},
  {"term": "la receta", "meaning": {"en": "prescription", "ja": "処方箋"}},
  {"term": "la farmacia de guardia", "meaning": {"en": "on-duty pharmacy open outside normal hours", "ja": "当番薬局（時間外営業の薬局）"}},
  {"term": "¿Cuánto le debo?", "meaning": {"en": "How much do I owe you?", "ja": "おいくらですか？"}}
]$json$::jsonb,
  'medical',
  array['pharmacy','symptoms','medicine','spain'],
  null,
  false
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 07 [es] renting_a_flat (difficulty 7)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000007',
  'Alquilar un piso',
  'View a flat in Spain and negotiate rent, bills, deposit, contract length and pets with the landlord.',
  $json${"target": "es"}$json$::jsonb,
  'renting_a_flat',
  7,
  8,
  $json$[
  {"order": 1, "speaker": "learner", "text": "Buenas tardes, vengo a ver el piso de la calle Olivar. Hablamos ayer por teléfono.", "alternatives": ["Hola, buenas tardes. Soy la persona que llamó ayer por el piso de la calle Olivar.", "Buenas tardes. Quedamos ayer en que vendría a ver el piso de la calle Olivar."], "translations": {"en": "Good afternoon, I've come to see the flat on Olivar Street. We spoke on the phone yesterday.", "ja": "こんにちは。オリバル通りの物件を見に来ました。昨日お電話でお話しした者です。"}},
  {"order": 2, "speaker": "partner", "text": "Ah, sí, pase, pase. Como ve, es exterior, muy luminoso, y está recién reformado. Son setecientos cincuenta euros al mes.", "translations": {"en": "Ah yes, come in, come in. As you can see, it faces the street, it's very bright and it's just been renovated. It's seven hundred and fifty euros a month.", "ja": "ああ、どうぞどうぞ、お入りください。ご覧のとおり通りに面していてとても明るく、リフォームしたばかりです。家賃は月750ユーロです。"}},
  {"order": 3, "speaker": "learner", "text": "Es muy bonito. ¿Los gastos de comunidad están incluidos en el precio o van aparte?", "alternatives": ["Me gusta mucho. ¿El precio incluye la comunidad o se paga aparte?", "Está muy bien. ¿Y la comunidad va incluida o hay que pagarla aparte?"], "translations": {"en": "It's lovely. Are the building fees included in the price, or are they separate?", "ja": "とても素敵ですね。共益費は家賃に含まれていますか、それとも別ですか？"}},
  {"order": 4, "speaker": "partner", "text": "La comunidad está incluida, pero la luz, el agua y el gas corren de su cuenta. Pido un mes de fianza y un mes por adelantado.", "translations": {"en": "The building fees are included, but electricity, water and gas are up to you. I ask for one month's deposit and one month in advance.", "ja": "共益費は込みですが、電気・水道・ガス代はご自身でのお支払いになります。敷金として1か月分と、家賃1か月分の前払いをお願いしています。"}},
  {"order": 5, "speaker": "learner", "text": "Me parece razonable. ¿Y cuánto dura el contrato? Es que, por mi trabajo, no sé si me quedaré más de un año.", "alternatives": ["Es razonable. ¿De cuánto tiempo es el contrato? Lo pregunto porque, por trabajo, a lo mejor no me quedo más de un año.", "Me parece bien. ¿Cuál es la duración del contrato? Por motivos de trabajo, no tengo claro si estaré aquí más de un año."], "translations": {"en": "That seems reasonable. And how long is the contract? The thing is, because of my job, I don't know if I'll stay more than a year.", "ja": "妥当だと思います。契約期間はどのくらいですか？実は仕事の関係で、1年以上住むかどうかわからないんです。"}},
  {"order": 6, "speaker": "partner", "text": "El contrato es de un año, prorrogable. Si se va antes, basta con avisarme con treinta días de antelación; no pasa nada.", "translations": {"en": "The contract is for one year, renewable. If you leave earlier, you just need to give me thirty days' notice; that's no problem.", "ja": "契約は1年で、更新可能です。途中で退去される場合は、30日前までにお知らせいただければ問題ありません。"}},
  {"order": 7, "speaker": "learner", "text": "Vale. Una última cosa: ¿se admiten mascotas? Tengo una gata muy tranquila, no da nada de guerra.", "alternatives": ["De acuerdo. Por cierto, ¿aceptaría una mascota? Tengo una gata muy tranquila.", "Perfecto. Y una pregunta más: ¿puedo tener animales? Es una gata muy buena, no da ningún problema."], "translations": {"en": "OK. One last thing: are pets allowed? I have a very calm cat; she's no trouble at all.", "ja": "わかりました。最後にもう一つ。ペットは大丈夫ですか？とてもおとなしい猫を飼っていて、まったく手がかからないんです。"}},
  {"order": 8, "speaker": "partner", "text": "Mientras no haya quejas de los vecinos, por mí no hay inconveniente. Eso sí, si hay desperfectos, se descuentan de la fianza.", "translations": {"en": "As long as the neighbours don't complain, I have no objection. Mind you, if there's any damage, it comes out of the deposit.", "ja": "ご近所から苦情が出ない限り、私としては構いません。ただし、傷や破損があれば敷金から差し引きます。"}},
  {"order": 9, "speaker": "learner", "text": "Me parece justo. Me lo quedo. ¿Qué documentación necesita que le traiga?", "alternatives": ["Es lógico. Pues me lo quedo. ¿Qué papeles tengo que traerle?", "De acuerdo, trato hecho. ¿Qué documentos le hacen falta?"], "translations": {"en": "That seems fair. I'll take it. What documents do you need me to bring?", "ja": "それはもっともですね。ここに決めます。どんな書類をお持ちすればいいですか？"}},
  {"order": 10, "speaker": "partner", "text": "Su DNI o NIE, el contrato de trabajo y las tres últimas nóminas. Si me lo trae todo mañana, firmamos el viernes.", "translations": {"en": "Your ID card or foreigner's identity number, your employment contract and your last three payslips. If you bring me everything tomorrow, we can sign on Friday.", "ja": "身分証明書（DNIまたはNIE）、雇用契約書、直近3か月分の給与明細です。明日すべてお持ちいただければ、金曜日に契約しましょう。"}}
]$json$::jsonb,
  $json${
  "en": [
    "In Spanish listings, a 'piso exterior' has windows onto the street and is usually brighter (and pricier) than a 'piso interior', which looks onto an inner courtyard.",
    "Under Spain's tenancy law (Ley de Arrendamientos Urbanos), the legal deposit ('fianza') for a home is one month's rent; landlords may ask for extra guarantees, but these are capped.",
    "Foreign residents in Spain use their NIE (Número de Identidad de Extranjero) for leases, bank accounts and utility contracts."
  ],
  "ja": [
    "スペインの物件情報でいう「piso exterior」は通りに面した窓がある部屋で、中庭に面した「piso interior」より明るく、家賃も高めなのが一般的です。",
    "スペインの都市賃貸借法（Ley de Arrendamientos Urbanos）では、住宅の法定敷金（「fianza」）は家賃1か月分と定められています。大家が追加の保証金を求めることもありますが、その額には上限があります。",
    "スペインに住む外国人は、賃貸契約や銀行口座の開設、光熱費の契約などにNIE（外国人識別番号）を使います。"
  ]
}$json$::jsonb,
  $json$[
  {"term": "el piso", "meaning": {"en": "flat, apartment (in Spain)", "ja": "マンション・アパートの一室（スペイン）"}},
  {"term": "exterior / interior", "meaning": {"en": "facing the street / facing an inner courtyard", "ja": "通りに面した／中庭に面した"}},
  {"term": "los gastos de comunidad", "meaning": {"en": "building service charges", "ja": "共益費、管理費"}},
  {"term": "la fianza", "meaning": {"en": "security deposit", "ja": "敷金、保証金"}},
  {"term": "por adelantado", "meaning": {"en": "in advance", "ja": "前払いで"}},
  {"term": "los desperfectos", "meaning": {"en": "damage, wear and tear", "ja": "（物件の）傷み、破損"}},
  {"term": "la nómina", "meaning": {"en": "payslip", "ja": "給与明細"}},
  {"term": "no dar guerra", "meaning": {"en": "to be no trouble (colloquial)", "ja": "手がかからない（口語）"}}
]$json$::jsonb,
  'daily_life',
  array['housing','rent','negotiation','spain','landlord'],
  null,
  true
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 08 [es] job_interview (difficulty 10)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000008',
  'Entrevista de trabajo para un puesto de responsabilidad',
  'Handle a senior-level job interview in Spanish, using idiomatic language to describe leadership, weaknesses and motivation.',
  $json${"target": "es"}$json$::jsonb,
  'job_interview',
  10,
  10,
  $json$[
  {"order": 1, "speaker": "partner", "text": "Gracias por venir. Para empezar, cuénteme un poco sobre su trayectoria y por qué le interesa este puesto.", "translations": {"en": "Thank you for coming. To start, tell me a little about your background and why you're interested in this position.", "ja": "お越しいただきありがとうございます。まず、これまでのご経歴と、このポジションに関心を持たれた理由を少しお聞かせください。"}},
  {"order": 2, "speaker": "learner", "text": "Con mucho gusto. Llevo ocho años en logística, los tres últimos al frente de un equipo de quince personas. Me atrae este puesto porque supone dar el salto a la gestión internacional, que es justo hacia donde quiero orientar mi carrera.", "alternatives": ["Por supuesto. Tengo ocho años de experiencia en logística y, desde hace tres, dirijo un equipo de quince personas. Este puesto me interesa porque me permitiría dar el salto al ámbito internacional, que es donde quiero crecer.", "Claro. He trabajado ocho años en logística, los tres últimos coordinando a un equipo de quince personas. Lo que más me atrae de este puesto es su dimensión internacional: es el paso natural en mi carrera."], "translations": {"en": "With pleasure. I've been in logistics for eight years, the last three leading a team of fifteen people. This position appeals to me because it means making the leap into international management, which is exactly where I want to take my career.", "ja": "喜んで。物流の分野で8年働いており、直近の3年間は15人のチームを率いてきました。このポジションに惹かれたのは、国際的なマネジメントへ一歩踏み出せるからで、まさに私が目指しているキャリアの方向性なんです。"}},
  {"order": 3, "speaker": "partner", "text": "Interesante. Hábleme de una situación difícil en la que tuviera que tomar una decisión impopular.", "translations": {"en": "Interesting. Tell me about a difficult situation in which you had to make an unpopular decision.", "ja": "興味深いですね。難しい状況の中で、周囲に歓迎されない決断を下さなければならなかった経験についてお話しください。"}},
  {"order": 4, "speaker": "learner", "text": "El año pasado, en plena campaña de Navidad, un proveedor clave nos dejó colgados. Tuve que cancelar las vacaciones de parte del equipo, algo que no sentó nada bien. Pero puse las cartas sobre la mesa, expliqué lo que estaba en juego y, a cambio, negocié días libres en enero. Al final sacamos la campaña adelante sin un solo retraso.", "alternatives": ["El año pasado, en plena Navidad, nos falló un proveedor clave y tuve que pedir a varias personas que aplazaran sus vacaciones. No gustó nada, pero fui totalmente transparente sobre lo que nos jugábamos y los compensé con días libres en enero. Cumplimos todos los plazos.", "Recuerdo una en plena campaña navideña: un proveedor importante nos dejó tirados y me tocó suspender las vacaciones de parte del equipo. Fue una decisión impopular, pero hablé claro, expliqué qué estaba en juego y conseguí compensarlos con días libres después. Salimos adelante sin retrasos."], "translations": {"en": "Last year, right in the middle of the Christmas season, a key supplier left us in the lurch. I had to cancel part of the team's holidays, which went down very badly. But I laid my cards on the table, explained what was at stake and, in return, negotiated days off in January. In the end we got through the season without a single delay.", "ja": "昨年、クリスマス商戦の真っ只中に、主要な取引先に突然見放されてしまいました。チームの一部の休暇を取り消さざるを得ず、当然ながらひどく不評でした。それでも状況を包み隠さず伝え、何がかかっているのかを説明し、その代わりに1月に休みを取れるよう交渉しました。最終的には、一件の遅延もなく繁忙期を乗り切りました。"}},
  {"order": 5, "speaker": "partner", "text": "¿Y qué diría su equipo que es su mayor defecto como responsable?", "translations": {"en": "And what would your team say is your biggest flaw as a manager?", "ja": "では、チームの皆さんは、上司としてのあなたの一番の欠点は何だと言うでしょうか？"}},
  {"order": 6, "speaker": "learner", "text": "Probablemente que me cuesta delegar. Durante mucho tiempo quise estar en todo, y eso me convertía en un cuello de botella. Ahora me obligo a soltar: reparto responsabilidades claras y confío en que cada uno haga su parte, aunque a veces tenga que morderme la lengua.", "alternatives": ["Seguramente dirían que me cuesta delegar. Antes quería controlarlo todo y acababa siendo un cuello de botella; ahora asigno responsabilidades concretas y dejo margen a cada persona, aunque a veces me cueste.", "Creo que dirían que no delego lo suficiente. Me di cuenta de que querer abarcarlo todo frenaba al equipo, así que he aprendido a confiar más y a no intervenir a la mínima."], "translations": {"en": "Probably that I find it hard to delegate. For a long time I wanted to be on top of everything, and that made me a bottleneck. Now I make myself let go: I hand out clear responsibilities and trust everyone to do their part, even if I sometimes have to bite my tongue.", "ja": "おそらく、人に仕事を任せるのが苦手だということでしょう。長い間、何にでも自分が関わろうとして、それがボトルネックになっていました。今は意識して手放すようにしています。責任範囲を明確に割り振り、それぞれが自分の役割を果たすと信頼しています。時には言いたいことをぐっとこらえなければなりませんが。"}},
  {"order": 7, "speaker": "partner", "text": "Me parece una respuesta honesta. El puesto implica viajar con frecuencia, sobre todo a Latinoamérica. ¿Cómo lo ve?", "translations": {"en": "That seems an honest answer. The job involves frequent travel, especially to Latin America. How do you feel about that?", "ja": "正直なお答えですね。このポジションでは頻繁な出張、特に中南米への出張があります。その点はいかがですか？"}},
  {"order": 8, "speaker": "learner", "text": "Lo veo más como un aliciente que como un inconveniente. Tengo plena disponibilidad para viajar, y conocer de primera mano a los socios locales me parece fundamental para que las cosas funcionen.", "alternatives": ["Para mí es un atractivo más. Puedo viajar sin problema y creo que tratar en persona con los socios locales es clave.", "Me encaja perfectamente. Tengo total disponibilidad y, además, creo firmemente que la relación cara a cara con los socios marca la diferencia."], "translations": {"en": "I see it more as an incentive than a drawback. I'm fully available to travel, and getting to know the local partners first-hand seems essential to me for things to work.", "ja": "欠点というより、むしろ魅力だと考えています。出張にはいつでも対応できますし、現地のパートナーと直接顔を合わせることが、物事をうまく進めるうえで欠かせないと思っています。"}},
  {"order": 9, "speaker": "partner", "text": "Muy bien. Por último, ¿tiene alguna pregunta para nosotros?", "translations": {"en": "Very good. Finally, do you have any questions for us?", "ja": "わかりました。最後に、何か私たちへのご質問はありますか？"}},
  {"order": 10, "speaker": "learner", "text": "Sí, dos. ¿Cómo medirían el éxito en este puesto durante el primer año? Y, si no es indiscreción, ¿por qué ha quedado vacante?", "alternatives": ["Sí, me gustaría saber qué resultados esperan de la persona que ocupe el puesto en el primer año y, si me permite la pregunta, por qué ha quedado libre.", "Tengo un par. ¿Qué objetivos concretos tendría que cumplir en los primeros doce meses? Y, si se puede saber, ¿por qué se ha abierto esta vacante?"], "translations": {"en": "Yes, two. How would you measure success in this role during the first year? And, if you don't mind my asking, why has it become vacant?", "ja": "はい、二つあります。このポジションでの1年目の成果は、どのように評価されるのでしょうか？それと、差し支えなければ、なぜこのポストが空いたのかお伺いしてもよろしいでしょうか？"}}
]$json$::jsonb,
  $json${
  "en": [
    "Use 'usted' with interviewers unless they explicitly invite you to use 'tú'. Some younger companies in Spain switch to 'tú' quickly, while 'usted' remains more common in formal interviews in much of Latin America.",
    "Idioms such as 'poner las cartas sobre la mesa' (to be completely open) and 'sacar adelante' (to see something through) sound natural and confident in professional Spanish.",
    "Asking thoughtful questions at the end is expected. Salary is usually better left for later rounds unless the interviewer raises it."
  ],
  "ja": [
    "面接官には、「tú」で話すよう明確に促されない限り「usted」を使いましょう。スペインの若い企業ではすぐに「tú」に切り替えることもありますが、中南米の多くの地域では正式な面接で「usted」を使うのがより一般的です。",
    "「poner las cartas sobre la mesa」（包み隠さず話す）や「sacar adelante」（最後までやり遂げる）といった慣用句は、ビジネスのスペイン語でも自然で、自信のある印象を与えます。",
    "面接の最後には、よく考えた質問をすることが期待されています。給与の話は、面接官から切り出されない限り、後の選考段階に回すのが無難です。"
  ]
}$json$::jsonb,
  $json$[
  {"term": "la trayectoria", "meaning": {"en": "career path, professional background", "ja": "経歴、キャリア"}},
  {"term": "dar el salto", "meaning": {"en": "to make the leap (to a bigger role)", "ja": "飛躍する、ステップアップする"}},
  {"term": "dejar colgado a alguien", "meaning": {"en": "to leave someone in the lurch", "ja": "（土壇場で）人を見捨てる、困った状況に置き去りにする"}},
  {"term": "poner las cartas sobre la mesa", "meaning": {"en": "to lay your cards on the table, to be completely open", "ja": "手の内を明かす、包み隠さず話す"}},
  {"term": "sacar adelante", "meaning": {"en": "to see something through successfully", "ja": "（困難を乗り越えて）やり遂げる"}},
  {"term": "el cuello de botella", "meaning": {"en": "bottleneck", "ja": "ボトルネック、障害となる箇所"}},
  {"term": "morderse la lengua", "meaning": {"en": "to bite your tongue", "ja": "言いたいことをこらえる"}},
  {"term": "el aliciente", "meaning": {"en": "incentive, attraction", "ja": "魅力、励みになるもの"}}
]$json$::jsonb,
  'business',
  array['job_interview','management','leadership','idioms','advanced'],
  'logistics',
  true
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 09 [fr] lost_luggage (difficulty 3)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000009',
  'Déclarer un bagage perdu',
  'Report a missing suitcase at a French airport baggage desk and arrange delivery to your hotel.',
  $json${"target": "fr"}$json$::jsonb,
  'lost_luggage',
  3,
  5,
  $json$[
  {"order": 1, "speaker": "partner", "text": "Bonjour. Je peux vous aider ?", "translations": {"en": "Hello. Can I help you?", "ja": "こんにちは。どうなさいましたか？"}},
  {"order": 2, "speaker": "learner", "text": "Bonjour. Ma valise n'est pas arrivée. J'étais sur le vol de Tokyo.", "alternatives": ["Bonjour, ma valise n'est pas sur le tapis. J'arrive de Tokyo.", "Bonjour. Je n'ai pas récupéré ma valise. J'étais sur le vol en provenance de Tokyo."], "translations": {"en": "Hello. My suitcase hasn't arrived. I was on the flight from Tokyo.", "ja": "こんにちは。スーツケースが出てきませんでした。東京からの便に乗っていました。"}},
  {"order": 3, "speaker": "partner", "text": "Je suis désolée. Vous avez votre carte d'embarquement et votre étiquette bagage ?", "translations": {"en": "I'm sorry. Do you have your boarding pass and your baggage tag?", "ja": "申し訳ございません。搭乗券と手荷物の引換証はお持ちですか？"}},
  {"order": 4, "speaker": "learner", "text": "Oui, les voilà. C'est une grande valise bleue à roulettes.", "alternatives": ["Oui, tenez. C'est une grosse valise bleue à roulettes.", "Oui, voici. Ma valise est grande et bleue, avec des roulettes."], "translations": {"en": "Yes, here they are. It's a large blue suitcase with wheels.", "ja": "はい、こちらです。キャスター付きの大きな青いスーツケースです。"}},
  {"order": 5, "speaker": "partner", "text": "D'accord. Il y a un signe distinctif dessus ? Un ruban, un autocollant ?", "translations": {"en": "OK. Is there anything distinctive on it? A ribbon, a sticker?", "ja": "かしこまりました。何か目印になるものは付いていますか？リボンやステッカーなどは？"}},
  {"order": 6, "speaker": "learner", "text": "Oui, il y a un ruban jaune sur la poignée.", "alternatives": ["Oui, un ruban jaune est attaché à la poignée.", "Oui, j'ai mis un ruban jaune sur la poignée."], "translations": {"en": "Yes, there's a yellow ribbon on the handle.", "ja": "はい、持ち手に黄色いリボンが付いています。"}},
  {"order": 7, "speaker": "partner", "text": "Parfait. Elle est sans doute restée à Paris pendant votre correspondance. On peut vous la livrer à votre hôtel demain. Quelle est l'adresse ?", "translations": {"en": "Perfect. It probably stayed in Paris during your connection. We can deliver it to your hotel tomorrow. What's the address?", "ja": "ありがとうございます。おそらく乗り継ぎの際にパリに残ってしまったのでしょう。明日ホテルまでお届けできます。住所を教えていただけますか？"}},
  {"order": 8, "speaker": "learner", "text": "C'est l'hôtel Bellecour, 12 rue de la République. Merci beaucoup !", "alternatives": ["Je suis à l'hôtel Bellecour, au 12 rue de la République. Merci bien !", "Hôtel Bellecour, 12 rue de la République. Merci pour votre aide !"], "translations": {"en": "It's the Hôtel Bellecour, 12 rue de la République. Thank you very much!", "ja": "ベルクールホテルです。住所はレピュブリック通り12番地です。ありがとうございます！"}}
]$json$::jsonb,
  $json${
  "en": [
    "In France, always start with 'Bonjour' (or 'Bonsoir' in the evening) before asking for anything. Skipping the greeting comes across as rude.",
    "Report a missing bag at the baggage services desk before leaving the baggage hall, and keep the file reference number you are given: you will need it to track your bag.",
    "In French addresses, the house number comes before the street name, as in '12 rue de la République'."
  ],
  "ja": [
    "フランスでは、何かを頼む前に必ず「Bonjour」（夕方以降は「Bonsoir」）とあいさつしましょう。あいさつを省くと失礼な印象を与えます。",
    "荷物が出てこなかったときは、手荷物受取エリアを出る前に手荷物サービスのカウンターに届け出て、発行された受付番号を必ず控えておきましょう。荷物の追跡に必要です。",
    "フランスの住所では、「12 rue de la République」のように番地が通りの名前の前に来ます。"
  ]
}$json$::jsonb,
  $json$[
  {"term": "la valise", "meaning": {"en": "suitcase", "ja": "スーツケース"}},
  {"term": "le bagage", "meaning": {"en": "piece of luggage", "ja": "手荷物"}},
  {"term": "la carte d'embarquement", "meaning": {"en": "boarding pass", "ja": "搭乗券"}},
  {"term": "l'étiquette bagage", "meaning": {"en": "baggage tag / claim tag", "ja": "手荷物タグ、手荷物引換証"}},
  {"term": "la poignée", "meaning": {"en": "handle", "ja": "持ち手、取っ手"}},
  {"term": "à roulettes", "meaning": {"en": "with wheels", "ja": "キャスター付きの"}},
  {"term": "la correspondance", "meaning": {"en": "connecting flight, connection", "ja": "乗り継ぎ"}},
  {"term": "livrer", "meaning": {"en": "to deliver", "ja": "配達する、届ける"}}
]$json$::jsonb,
  'travel',
  array['airport','luggage','france','travel_problem'],
  null,
  false
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 10 [fr] university_registration (difficulty 5)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000010',
  'Au bureau de la scolarité',
  'Finalise your registration as an exchange student at a French university''s administrative office.',
  $json${"target": "fr"}$json$::jsonb,
  'university_registration',
  5,
  6,
  $json$[
  {"order": 1, "speaker": "learner", "text": "Bonjour, je fais un semestre d'échange ici et je viens finaliser mon inscription.", "alternatives": ["Bonjour, je viens terminer mon inscription pour mon semestre d'échange.", "Bonjour. Je dois finaliser mon inscription : je suis ici pour un semestre d'échange."], "translations": {"en": "Hello, I'm doing an exchange semester here and I've come to finalise my registration.", "ja": "こんにちは。こちらで1学期間の交換留学をしていて、登録手続きを完了しに来ました。"}},
  {"order": 2, "speaker": "partner", "text": "Bonjour. Vous avez votre lettre d'acceptation et une pièce d'identité ?", "translations": {"en": "Hello. Do you have your acceptance letter and some ID?", "ja": "こんにちは。受け入れ許可書と身分証明書はお持ちですか？"}},
  {"order": 3, "speaker": "learner", "text": "Oui, voici ma lettre et mon passeport. J'ai aussi une attestation d'assurance.", "alternatives": ["Oui, tenez : ma lettre d'acceptation et mon passeport. J'ai également mon attestation d'assurance.", "Oui, les voici. Et j'ai aussi apporté une attestation d'assurance."], "translations": {"en": "Yes, here's my letter and my passport. I also have proof of insurance.", "ja": "はい、こちらが許可書とパスポートです。保険の加入証明書もあります。"}},
  {"order": 4, "speaker": "partner", "text": "Très bien. Il me faut aussi une photo d'identité pour votre carte d'étudiant. Vous en avez une ?", "translations": {"en": "Very good. I also need an ID photo for your student card. Do you have one?", "ja": "結構です。学生証用の証明写真も必要なのですが、お持ちですか？"}},
  {"order": 5, "speaker": "learner", "text": "Ah non, je l'ai oubliée. Est-ce que je peux vous l'envoyer par e-mail ?", "alternatives": ["Zut, je ne l'ai pas sur moi. Je peux vous l'envoyer par e-mail ?", "Non, pardon, je n'en ai pas sur moi. Est-il possible de l'envoyer par courriel ?"], "translations": {"en": "Oh no, I forgot it. Can I send it to you by email?", "ja": "あ、忘れてしまいました。メールで送ってもいいですか？"}},
  {"order": 6, "speaker": "partner", "text": "Vous pouvez la déposer directement sur votre espace étudiant en ligne. Ensuite, pour les cours, vous devez remplir votre contrat d'études avec votre coordinateur pédagogique.", "translations": {"en": "You can upload it directly to your online student portal. Then, for your courses, you need to complete your learning agreement with your academic coordinator.", "ja": "オンラインの学生ポータルに直接アップロードできますよ。それから授業については、担当の教務コーディネーターと一緒に履修計画書を作成する必要があります。"}},
  {"order": 7, "speaker": "learner", "text": "D'accord. Et si je veux changer de cours après la première semaine, c'est possible ?", "alternatives": ["Entendu. Est-ce qu'on peut encore modifier ses cours après la première semaine ?", "Très bien. Je pourrai changer de cours après la première semaine ?"], "translations": {"en": "OK. And if I want to change courses after the first week, is that possible?", "ja": "わかりました。最初の1週間が過ぎてから授業を変更することはできますか？"}},
  {"order": 8, "speaker": "partner", "text": "Oui, en général jusqu'à la fin de la troisième semaine, mais il faut l'accord de votre coordinateur. Voici votre certificat de scolarité provisoire.", "translations": {"en": "Yes, usually until the end of the third week, but you need your coordinator's approval. Here's your provisional certificate of enrolment.", "ja": "はい、通常は3週目の終わりまで可能ですが、コーディネーターの承認が必要です。こちらが仮の在学証明書です。"}},
  {"order": 9, "speaker": "learner", "text": "Merci beaucoup. Bonne journée !", "alternatives": ["Merci pour votre aide. Bonne fin de journée !", "Parfait, merci. Au revoir, bonne journée !"], "translations": {"en": "Thank you very much. Have a nice day!", "ja": "ありがとうございました。よい一日を！"}}
]$json$::jsonb,
  $json${
  "en": [
    "'La scolarité' is the administrative office that handles registration, certificates and exam enrolment at French universities.",
    "A 'certificat de scolarité' (proof of enrolment) is often requested by banks, landlords and the CAF (the body that pays housing benefit), so keep a few copies.",
    "Use 'vous' with university staff and lecturers; 'tu' is normal between students."
  ],
  "ja": [
    "「la scolarité」は、フランスの大学で登録手続きや各種証明書の発行、試験の登録などを扱う事務窓口（学務課）のことです。",
    "「certificat de scolarité」（在学証明書）は、銀行や大家、CAF（住宅手当を支給する機関）などから求められることが多いので、何部か手元に用意しておきましょう。",
    "大学の職員や教員には「vous」を使いましょう。学生同士では「tu」で話すのが普通です。"
  ]
}$json$::jsonb,
  $json$[
  {"term": "l'inscription", "meaning": {"en": "registration, enrolment", "ja": "（大学への）登録、入学手続き"}},
  {"term": "la scolarité", "meaning": {"en": "student administration office", "ja": "学務課、教務課"}},
  {"term": "la pièce d'identité", "meaning": {"en": "proof of identity, ID document", "ja": "身分証明書"}},
  {"term": "la photo d'identité", "meaning": {"en": "passport-style photo", "ja": "証明写真"}},
  {"term": "l'espace étudiant", "meaning": {"en": "online student portal", "ja": "学生用ポータルサイト"}},
  {"term": "le contrat d'études", "meaning": {"en": "learning agreement for exchange students", "ja": "履修計画書（交換留学用）"}},
  {"term": "le coordinateur pédagogique", "meaning": {"en": "academic coordinator", "ja": "教務コーディネーター"}},
  {"term": "le certificat de scolarité", "meaning": {"en": "certificate of enrolment", "ja": "在学証明書"}}
]$json$::jsonb,
  'academic',
  array['university','registration','exchange_student','france','administration'],
  null,
  false
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 11 [fr] team_meeting (difficulty 8)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000011',
  'Réunion d''équipe : un projet en retard',
  'Explain a project delay in a French team meeting, propose options and commit to next steps.',
  $json${"target": "fr"}$json$::jsonb,
  'team_meeting',
  8,
  9,
  $json$[
  {"order": 1, "speaker": "partner", "text": "Bon, on commence ? Premier point : la refonte du site. On en est où ?", "translations": {"en": "Right, shall we start? First item: the website redesign. Where are we with it?", "ja": "では、始めましょうか。最初の議題はウェブサイトのリニューアルです。進捗はどうなっていますか？"}},
  {"order": 2, "speaker": "learner", "text": "Je ne vais pas tourner autour du pot : on a pris du retard. On a environ deux semaines de décalage sur le planning, principalement à cause de l'intégration du nouveau système de paiement.", "alternatives": ["Pour être honnête, on est en retard : à peu près deux semaines par rapport au planning, surtout à cause de l'intégration du nouveau système de paiement.", "Autant le dire tout de suite : on a environ deux semaines de retard, et c'est essentiellement l'intégration du module de paiement qui pose problème."], "translations": {"en": "I won't beat around the bush: we've fallen behind. We're about two weeks behind schedule, mainly because of the integration of the new payment system.", "ja": "遠回しに言っても仕方がないので率直に申し上げますと、遅れが出ています。スケジュールに対しておよそ2週間の遅れで、主な原因は新しい決済システムとの連携です。"}},
  {"order": 3, "speaker": "partner", "text": "Deux semaines ? Ça risque de poser problème, le client attend une mise en ligne le 15. Qu'est-ce qui coince, exactement ?", "translations": {"en": "Two weeks? That could be a problem; the client is expecting the site to go live on the 15th. What exactly is the holdup?", "ja": "2週間ですか？それは問題になりかねませんね。クライアントは15日の公開を見込んでいます。具体的に何が引っかかっているんですか？"}},
  {"order": 4, "speaker": "learner", "text": "Le prestataire nous a fourni une documentation incomplète, et on a dû faire pas mal de rétro-ingénierie. Cela dit, le plus dur est derrière nous : les tests passent depuis hier.", "alternatives": ["La documentation du prestataire était incomplète, donc on a dû deviner une bonne partie du fonctionnement. Mais on a passé le cap le plus difficile : depuis hier, les tests sont au vert.", "C'est le prestataire : sa documentation était lacunaire et on a perdu du temps à tâtonner. Heureusement, on voit le bout du tunnel, les tests passent depuis hier."], "translations": {"en": "The vendor gave us incomplete documentation, and we had to do quite a lot of reverse engineering. That said, the hardest part is behind us: the tests have been passing since yesterday.", "ja": "委託先から渡されたドキュメントが不完全で、かなりリバースエンジニアリングをする羽目になりました。とはいえ、一番大変なところは乗り越えました。昨日からテストは通っています。"}},
  {"order": 5, "speaker": "partner", "text": "Bon, c'est déjà ça. Qu'est-ce que tu proposes pour limiter la casse ?", "translations": {"en": "Well, that's something at least. What do you suggest to limit the damage?", "ja": "まあ、それだけでも救いですね。被害を最小限に抑えるために、何か案はありますか？"}},
  {"order": 6, "speaker": "learner", "text": "Je vois deux options. Soit on met en ligne le 15 une version allégée, sans l'espace client, et on ajoute le reste deux semaines plus tard. Soit on renforce l'équipe avec un développeur de l'équipe mobile, mais ça ne garantit rien. Personnellement, je pencherais pour la première.", "alternatives": ["Il y a deux possibilités : lancer le 15 une version simplifiée, sans l'espace client, et livrer le reste ensuite, ou emprunter un développeur à l'équipe mobile, sans garantie de résultat. Pour ma part, je privilégierais la première.", "À mon avis, on a deux solutions : une mise en ligne partielle le 15, l'espace client arrivant deux semaines après, ou des renforts venus de l'équipe mobile, ce qui reste incertain. Je serais plutôt pour la version partielle."], "translations": {"en": "I see two options. Either we go live on the 15th with a stripped-down version, without the customer area, and add the rest two weeks later. Or we bring in a developer from the mobile team, but that guarantees nothing. Personally, I'd lean towards the first.", "ja": "選択肢は二つあると思います。一つは、15日に顧客ページを除いた簡易版を公開し、残りを2週間後に追加する案。もう一つは、モバイルチームから開発者を一人回してもらって体制を強化する案ですが、こちらは確実とは言えません。個人的には前者に傾いています。"}},
  {"order": 7, "speaker": "partner", "text": "La version allégée, ça me parle. Mais il faudra savoir la présenter au client. Tu t'en charges ?", "translations": {"en": "The stripped-down version makes sense to me. But we'll need to present it carefully to the client. Will you handle that?", "ja": "簡易版という案はいいと思います。ただ、クライアントへの伝え方には気を配る必要がありますね。その件はお願いできますか？"}},
  {"order": 8, "speaker": "learner", "text": "Oui, je m'en occupe. Je vais préparer un point d'étape avec un calendrier précis, pour montrer qu'on maîtrise la situation. Je te l'envoie avant de le leur transmettre, d'accord ?", "alternatives": ["Pas de souci, je prends ça en charge. Je rédigerai un récapitulatif avec un nouveau calendrier détaillé, et je te le fais relire avant de l'envoyer.", "D'accord, je m'en charge. Je leur proposerai un planning révisé et précis pour les rassurer, mais je te le soumets d'abord."], "translations": {"en": "Yes, I'll take care of it. I'll prepare a progress update with a precise timeline, to show we have the situation under control. I'll send it to you before passing it on to them, OK?", "ja": "はい、私が対応します。状況をきちんと把握していることが伝わるよう、具体的なスケジュールを添えた進捗報告を用意します。先方に送る前に、一度そちらにお送りしますね。"}},
  {"order": 9, "speaker": "partner", "text": "Parfait. Et la prochaine fois, tire la sonnette d'alarme plus tôt : je préfère une mauvaise nouvelle à temps qu'une surprise à la dernière minute.", "translations": {"en": "Perfect. And next time, sound the alarm earlier: I'd rather have bad news in good time than a surprise at the last minute.", "ja": "よろしくお願いします。それと次からは、もっと早めに知らせてください。土壇場で驚かされるより、悪い知らせでも早めに聞きたいので。"}},
  {"order": 10, "speaker": "learner", "text": "Message reçu. J'aurais dû te prévenir dès qu'on a vu que la doc posait problème. Ça ne se reproduira pas.", "alternatives": ["C'est noté. J'aurais dû t'alerter dès le début ; la prochaine fois, je te préviens tout de suite.", "Tu as raison, j'aurais dû t'en parler plus tôt. Je retiens la leçon."], "translations": {"en": "Message received. I should have warned you as soon as we saw the documentation was a problem. It won't happen again.", "ja": "承知しました。ドキュメントに問題があるとわかった時点でお伝えすべきでした。今後このようなことがないようにします。"}}
]$json$::jsonb,
  $json${
  "en": [
    "Many French workplaces use 'tu' between colleagues, even with a manager, especially in tech companies. Follow the lead of the people around you; with clients, 'vous' remains the norm.",
    "Presenting a problem together with concrete options and a clear recommendation ('je pencherais pour…') is well received in French meetings.",
    "Idioms such as 'tourner autour du pot' (to beat around the bush), 'limiter la casse' (to limit the damage) and 'tirer la sonnette d'alarme' (to sound the alarm) are very common in professional French."
  ],
  "ja": [
    "フランスの多くの職場、特にIT企業では、上司を含む同僚同士で「tu」を使います。周囲の人に合わせるのが無難ですが、顧客に対しては今でも「vous」が基本です。",
    "フランスの会議では、問題を報告する際に具体的な選択肢とはっきりした提案（「je pencherais pour…」＝「私は〜に傾いています」）を添えると好意的に受け止められます。",
    "「tourner autour du pot」（遠回しに言う）、「limiter la casse」（被害を最小限に抑える）、「tirer la sonnette d'alarme」（警鐘を鳴らす）といった慣用句は、ビジネスのフランス語でとてもよく使われます。"
  ]
}$json$::jsonb,
  $json$[
  {"term": "prendre du retard", "meaning": {"en": "to fall behind schedule", "ja": "遅れが出る"}},
  {"term": "tourner autour du pot", "meaning": {"en": "to beat around the bush", "ja": "遠回しに言う"}},
  {"term": "coincer", "meaning": {"en": "to be stuck, to be the sticking point (informal)", "ja": "行き詰まる、引っかかる（口語）"}},
  {"term": "le prestataire", "meaning": {"en": "vendor, service provider", "ja": "委託先、外部業者"}},
  {"term": "limiter la casse", "meaning": {"en": "to limit the damage", "ja": "被害を最小限に抑える"}},
  {"term": "la mise en ligne", "meaning": {"en": "going live, launch (of a website)", "ja": "（ウェブサイトの）公開"}},
  {"term": "le point d'étape", "meaning": {"en": "progress update", "ja": "進捗報告"}},
  {"term": "tirer la sonnette d'alarme", "meaning": {"en": "to sound the alarm", "ja": "警鐘を鳴らす"}}
]$json$::jsonb,
  'business',
  array['meeting','project_management','deadline','idioms','workplace'],
  'it',
  true
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 12 [fr] doctor_visit (difficulty 6)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000012',
  'Consultation chez le médecin généraliste',
  'Describe back pain to a French GP, understand the treatment advice and pay for the visit.',
  $json${"target": "fr"}$json$::jsonb,
  'doctor_visit',
  6,
  7,
  $json$[
  {"order": 1, "speaker": "partner", "text": "Bonjour, asseyez-vous. Qu'est-ce qui vous amène ?", "translations": {"en": "Hello, have a seat. What brings you here today?", "ja": "こんにちは、おかけください。今日はどうされましたか？"}},
  {"order": 2, "speaker": "learner", "text": "Bonjour, docteur. Depuis une semaine, j'ai mal au dos, surtout en bas, et ça me réveille la nuit.", "alternatives": ["Bonjour. J'ai des douleurs dans le bas du dos depuis une semaine ; ça m'empêche de dormir.", "Bonjour, docteur. J'ai mal au bas du dos depuis environ une semaine, et la douleur me réveille la nuit."], "translations": {"en": "Hello, doctor. For a week now I've had back pain, especially in my lower back, and it wakes me up at night.", "ja": "こんにちは、先生。1週間前から腰、特に下のほうが痛くて、夜中に目が覚めてしまうんです。"}},
  {"order": 3, "speaker": "partner", "text": "D'accord. Est-ce que la douleur descend dans la jambe ? Vous avez porté quelque chose de lourd récemment ?", "translations": {"en": "I see. Does the pain go down into your leg? Have you carried anything heavy recently?", "ja": "なるほど。痛みは脚のほうまで広がりますか？最近、何か重いものを持ちましたか？"}},
  {"order": 4, "speaker": "learner", "text": "Non, elle reste dans le dos. Par contre, j'ai déménagé le week-end dernier, et j'ai porté pas mal de cartons.", "alternatives": ["Non, ça ne descend pas. En revanche, j'ai déménagé le week-end dernier et j'ai porté beaucoup de cartons.", "Non, c'est seulement dans le dos. Mais j'ai fait un déménagement samedi dernier, avec plein de cartons à porter."], "translations": {"en": "No, it stays in my back. On the other hand, I moved house last weekend and carried quite a lot of boxes.", "ja": "いいえ、痛むのは腰だけです。ただ、先週末に引っ越しをして、段ボールをかなり運びました。"}},
  {"order": 5, "speaker": "partner", "text": "Voilà sans doute l'explication. Je vais vous examiner… Ça ressemble à un lumbago. Je vous prescris un anti-inflammatoire pendant cinq jours et, surtout, continuez à bouger, mais sans forcer.", "translations": {"en": "That's probably the explanation. Let me examine you... It looks like lumbago. I'm prescribing an anti-inflammatory for five days and, above all, keep moving, but don't overdo it.", "ja": "おそらくそれが原因でしょう。診てみますね……ぎっくり腰のようですね。抗炎症薬を5日分処方します。それから、無理のない範囲で体を動かし続けることが大切です。"}},
  {"order": 6, "speaker": "learner", "text": "Est-ce que je dois prendre le médicament pendant les repas ? Et je peux continuer à faire du sport ?", "alternatives": ["Il faut le prendre au moment des repas ? Et pour le sport, je dois arrêter ?", "Je le prends pendant ou en dehors des repas ? Et est-ce que le sport est déconseillé ?"], "translations": {"en": "Do I need to take the medicine with meals? And can I keep doing sport?", "ja": "薬は食事と一緒に飲む必要がありますか？それと、スポーツは続けてもいいですか？"}},
  {"order": 7, "speaker": "partner", "text": "Oui, toujours au cours d'un repas, pour protéger l'estomac. Pour le sport, la marche et la natation, c'est très bien ; évitez la course et la musculation pendant deux semaines. Si ça ne va pas mieux d'ici dix jours, revenez me voir.", "translations": {"en": "Yes, always with a meal, to protect your stomach. As for sport, walking and swimming are fine; avoid running and weight training for two weeks. If it isn't better within ten days, come back and see me.", "ja": "はい、胃を守るために必ず食事中に飲んでください。運動は、ウォーキングや水泳なら問題ありませんが、2週間はランニングと筋トレを控えてください。10日経ってもよくならなければ、また来てください。"}},
  {"order": 8, "speaker": "learner", "text": "Entendu, merci. Je vous dois combien ? J'ai ma carte Vitale.", "alternatives": ["D'accord, merci beaucoup. Combien je vous dois ? Voici ma carte Vitale.", "Merci, docteur. Ça fait combien ? Je vous donne ma carte Vitale."], "translations": {"en": "Understood, thank you. How much do I owe you? I have my carte Vitale.", "ja": "わかりました、ありがとうございます。おいくらですか？カルト・ヴィタル（健康保険証）を持ってきました。"}},
  {"order": 9, "speaker": "partner", "text": "C'est trente euros. Avec la carte Vitale, le remboursement se fait automatiquement en quelques jours. Voici votre ordonnance, et prenez soin de vous.", "translations": {"en": "It's thirty euros. With the carte Vitale, you'll be reimbursed automatically within a few days. Here's your prescription, and take care of yourself.", "ja": "30ユーロです。カルト・ヴィタルがあれば、数日で自動的に払い戻されます。こちらが処方箋です。どうぞお大事に。"}},
  {"order": 10, "speaker": "learner", "text": "Merci beaucoup, docteur. Bonne journée !", "alternatives": ["Merci, docteur. Au revoir !", "Merci pour tout. Bonne fin de journée !"], "translations": {"en": "Thank you very much, doctor. Have a good day!", "ja": "ありがとうございました、先生。失礼します。"}}
]$json$::jsonb,
  $json${
  "en": [
    "In France you usually pay the doctor at the end of the visit (a standard GP consultation costs €30) and the Assurance Maladie reimburses most of it. Presenting your carte Vitale makes the reimbursement automatic.",
    "Declare a 'médecin traitant' (regular GP) with the Assurance Maladie: if you see a doctor without one, you are generally reimbursed at a lower rate.",
    "You take your 'ordonnance' (prescription) to any pharmacy, where the pharmacist will often explain again how and when to take each medicine."
  ],
  "ja": [
    "フランスでは通常、診察の最後に医師に直接支払い（一般医の通常の診察料は30ユーロ）、その大部分が公的医療保険（Assurance Maladie）から払い戻されます。カルト・ヴィタルを提示すれば、払い戻しは自動的に行われます。",
    "Assurance Maladieに「médecin traitant（かかりつけ医）」を届け出ておきましょう。届け出がないまま受診すると、原則として払い戻し率が低くなります。",
    "処方箋（「ordonnance」）はどの薬局にも持って行けます。薬局では薬剤師が、それぞれの薬の飲み方や飲むタイミングを改めて説明してくれることが多いです。"
  ]
}$json$::jsonb,
  $json$[
  {"term": "Qu'est-ce qui vous amène ?", "meaning": {"en": "What brings you here?", "ja": "今日はどうされましたか？"}},
  {"term": "avoir mal au dos", "meaning": {"en": "to have back pain", "ja": "腰（背中）が痛い"}},
  {"term": "déménager", "meaning": {"en": "to move house", "ja": "引っ越す"}},
  {"term": "sans forcer", "meaning": {"en": "without overdoing it", "ja": "無理をせずに"}},
  {"term": "l'ordonnance", "meaning": {"en": "prescription", "ja": "処方箋"}},
  {"term": "la carte Vitale", "meaning": {"en": "French health insurance card", "ja": "カルト・ヴィタル（フランスの健康保険証）"}},
  {"term": "le médecin traitant", "meaning": {"en": "registered regular GP", "ja": "かかりつけ医"}},
  {"term": "le remboursement", "meaning": {"en": "reimbursement", "ja": "払い戻し"}}
]$json$::jsonb,
  'medical',
  array['doctor','symptoms','prescription','france','health_insurance'],
  null,
  true
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- Conversation scripts: German, Japanese, Mandarin Chinese (original writing).

-- 13: de / daily_life / bakery_order (difficulty 1)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000013',
  'Beim Bäcker',
  'Order bread rolls, a pretzel and a piece of cake at a German bakery and pay by card.',
  $json${
  "target": "de"
}$json$::jsonb,
  'bakery_order',
  1,
  3,
  $json$[
  {
    "order": 1,
    "speaker": "partner",
    "text": "Guten Morgen! Was darf es sein?",
    "translations": {
      "en": "Good morning! What can I get you?",
      "ja": "おはようございます！何になさいますか？"
    }
  },
  {
    "order": 2,
    "speaker": "learner",
    "text": "Guten Morgen! Vier Brötchen, bitte.",
    "alternatives": [
      "Ich hätte gern vier Brötchen, bitte.",
      "Ich nehme vier Brötchen, bitte."
    ],
    "translations": {
      "en": "Good morning! Four bread rolls, please.",
      "ja": "おはようございます！ブレートヒェン（小型パン）を4つお願いします。"
    }
  },
  {
    "order": 3,
    "speaker": "partner",
    "text": "Gern. Sonst noch etwas?",
    "translations": {
      "en": "Sure. Anything else?",
      "ja": "かしこまりました。ほかに何かございますか？"
    }
  },
  {
    "order": 4,
    "speaker": "learner",
    "text": "Ja, eine Brezel und ein Stück Apfelkuchen, bitte.",
    "alternatives": [
      "Ja, noch eine Brezel und ein Stück Apfelkuchen.",
      "Dazu bitte noch eine Brezel und ein Stück Apfelkuchen."
    ],
    "translations": {
      "en": "Yes, a pretzel and a piece of apple cake, please.",
      "ja": "はい、プレッツェルを1つとアップルケーキを1切れお願いします。"
    }
  },
  {
    "order": 5,
    "speaker": "partner",
    "text": "Zum Mitnehmen? Dann macht das 6,40 Euro.",
    "translations": {
      "en": "To take away? Then that comes to 6.40 euros.",
      "ja": "お持ち帰りですか？それでしたら6ユーロ40セントになります。"
    }
  },
  {
    "order": 6,
    "speaker": "learner",
    "text": "Ja, zum Mitnehmen. Kann ich mit Karte zahlen?",
    "alternatives": [
      "Ja, bitte zum Mitnehmen. Geht auch Karte?",
      "Zum Mitnehmen, bitte. Kann ich mit Karte bezahlen?"
    ],
    "translations": {
      "en": "Yes, to take away. Can I pay by card?",
      "ja": "はい、持ち帰りで。カードで払えますか？"
    }
  },
  {
    "order": 7,
    "speaker": "partner",
    "text": "Ja, klar. Halten Sie die Karte einfach ans Lesegerät.",
    "translations": {
      "en": "Yes, of course. Just hold your card to the reader.",
      "ja": "ええ、もちろんです。カードを読み取り機にかざしてください。"
    }
  },
  {
    "order": 8,
    "speaker": "learner",
    "text": "Danke schön! Schönen Tag noch!",
    "alternatives": [
      "Vielen Dank! Tschüss!",
      "Danke, einen schönen Tag noch!"
    ],
    "translations": {
      "en": "Thank you! Have a nice day!",
      "ja": "ありがとうございます！良い一日を！"
    }
  }
]$json$::jsonb,
  $json${
  "en": [
    "Brötchen (bread rolls) are a breakfast staple in Germany. Regional names differ: Semmel in Bavaria and Austria, Schrippe in Berlin, Weck or Weckle in parts of the south-west.",
    "Cash is still widely used in Germany. Many bakeries now take cards, but small shops may have a minimum amount or be cash-only, so asking „Kann ich mit Karte zahlen?“ is normal.",
    "Use Sie with shop staff. It is customary to greet when you reach the counter and to say „Tschüss“ or „Schönen Tag noch“ when you leave."
  ],
  "ja": [
    "ブレートヒェン（小型の丸パン）はドイツの朝食の定番です。地域によって呼び名が異なり、バイエルンやオーストリアではゼンメル、ベルリンではシュリッペ、南西部の一部ではヴェック（ヴェックレ）と呼ばれます。",
    "ドイツではまだ現金がよく使われます。最近はカードが使えるパン屋も増えましたが、小さな店では最低金額があったり現金のみだったりするので、„Kann ich mit Karte zahlen?“ と尋ねるのはごく普通です。",
    "店員には Sie を使います。カウンターに来たらあいさつをし、帰るときは „Tschüss“ や „Schönen Tag noch“ と言うのが習慣です。"
  ]
}$json$::jsonb,
  $json$[
  {
    "term": "das Brötchen",
    "meaning": {
      "en": "bread roll",
      "ja": "ブレートヒェン（小型の丸パン）"
    }
  },
  {
    "term": "die Brezel",
    "meaning": {
      "en": "pretzel",
      "ja": "プレッツェル"
    }
  },
  {
    "term": "Was darf es sein?",
    "meaning": {
      "en": "What can I get you? (shop phrase)",
      "ja": "何になさいますか？（店員の決まり文句）"
    }
  },
  {
    "term": "Sonst noch etwas?",
    "meaning": {
      "en": "Anything else?",
      "ja": "ほかに何かありますか？"
    }
  },
  {
    "term": "zum Mitnehmen",
    "meaning": {
      "en": "to take away",
      "ja": "持ち帰りで"
    }
  },
  {
    "term": "mit Karte zahlen",
    "meaning": {
      "en": "to pay by card",
      "ja": "カードで払う"
    }
  }
]$json$::jsonb,
  'daily_life',
  array['bakery','ordering','food','beginner','payment'],
  null,
  false
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 14: de / travel / train_ticket_purchase (difficulty 3)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000014',
  'Fahrkartenkauf am Bahnhof',
  'Buy a long-distance train ticket to Munich at a station travel centre, asking about times, seat reservations and the platform.',
  $json${
  "target": "de"
}$json$::jsonb,
  'train_ticket_purchase',
  3,
  5,
  $json$[
  {
    "order": 1,
    "speaker": "partner",
    "text": "Guten Tag, was kann ich für Sie tun?",
    "translations": {
      "en": "Hello, what can I do for you?",
      "ja": "こんにちは、どのようなご用件でしょうか？"
    }
  },
  {
    "order": 2,
    "speaker": "learner",
    "text": "Guten Tag. Ich möchte eine Fahrkarte nach München, bitte.",
    "alternatives": [
      "Ich hätte gern eine Fahrkarte nach München.",
      "Eine Fahrkarte nach München, bitte."
    ],
    "translations": {
      "en": "Hello. I'd like a ticket to Munich, please.",
      "ja": "こんにちは。ミュンヘンまでの切符をお願いします。"
    }
  },
  {
    "order": 3,
    "speaker": "partner",
    "text": "Einfach oder hin und zurück? Und wann möchten Sie fahren?",
    "translations": {
      "en": "One way or return? And when would you like to travel?",
      "ja": "片道ですか、往復ですか？それと、いつご出発ですか？"
    }
  },
  {
    "order": 4,
    "speaker": "learner",
    "text": "Nur einfach, bitte. Morgen Vormittag, so gegen neun Uhr.",
    "alternatives": [
      "Eine einfache Fahrt, bitte. Morgen gegen neun Uhr.",
      "Nur hin, bitte. Morgen früh, ungefähr um neun."
    ],
    "translations": {
      "en": "Just one way, please. Tomorrow morning, around nine o'clock.",
      "ja": "片道だけでお願いします。明日の午前、9時ごろです。"
    }
  },
  {
    "order": 5,
    "speaker": "partner",
    "text": "Da hätte ich einen ICE um 9:04 Uhr, ohne Umsteigen, Ankunft in München um 12:20 Uhr. Zweite Klasse?",
    "translations": {
      "en": "There's an ICE at 9:04, no change needed, arriving in Munich at 12:20. Second class?",
      "ja": "9時4分発のICEがございます。乗り換えなしで、ミュンヘン着は12時20分です。2等車でよろしいですか？"
    }
  },
  {
    "order": 6,
    "speaker": "learner",
    "text": "Ja, zweite Klasse. Kann ich auch einen Sitzplatz reservieren?",
    "alternatives": [
      "Zweite Klasse, bitte. Ist eine Sitzplatzreservierung möglich?",
      "Ja, gern. Und ich würde gern einen Platz reservieren."
    ],
    "translations": {
      "en": "Yes, second class. Can I also reserve a seat?",
      "ja": "はい、2等車で。座席の予約もできますか？"
    }
  },
  {
    "order": 7,
    "speaker": "partner",
    "text": "Natürlich. Lieber am Fenster oder am Gang? Mit Reservierung sind das zusammen 74,90 Euro.",
    "translations": {
      "en": "Of course. Would you prefer a window or an aisle seat? With the reservation that's 74.90 euros in total.",
      "ja": "もちろんです。窓側と通路側、どちらがよろしいですか？座席予約込みで合計74ユーロ90セントです。"
    }
  },
  {
    "order": 8,
    "speaker": "learner",
    "text": "Am Fenster, bitte. Von welchem Gleis fährt der Zug ab?",
    "alternatives": [
      "Einen Fensterplatz, bitte. Auf welchem Gleis fährt der Zug?",
      "Am Fenster, bitte. Wissen Sie schon, von welchem Gleis er abfährt?"
    ],
    "translations": {
      "en": "A window seat, please. Which platform does the train leave from?",
      "ja": "窓側でお願いします。電車は何番線から出ますか？"
    }
  },
  {
    "order": 9,
    "speaker": "partner",
    "text": "Planmäßig von Gleis 7. Schauen Sie aber zur Sicherheit noch mal auf die Anzeigetafel – es gibt manchmal Gleisänderungen.",
    "translations": {
      "en": "It's scheduled for platform 7. But check the departure board again to be safe – platforms sometimes change.",
      "ja": "予定では7番線です。ただ、番線が変更になることもありますので、念のため発車案内板をもう一度ご確認ください。"
    }
  },
  {
    "order": 10,
    "speaker": "learner",
    "text": "Alles klar, vielen Dank für Ihre Hilfe!",
    "alternatives": [
      "Gut, mache ich. Danke schön!",
      "Okay, danke für den Hinweis!"
    ],
    "translations": {
      "en": "All right, thank you very much for your help!",
      "ja": "わかりました。ご親切にありがとうございます！"
    }
  }
]$json$::jsonb,
  $json${
  "en": [
    "Deutsche Bahn's cheaper Sparpreis and Super Sparpreis tickets are tied to the train you booked (Zugbindung); a Flexpreis ticket lets you take any train on that route on the day of travel.",
    "Seat reservations on long-distance trains are optional and cost extra. Without one you can sit in any free seat that isn't reserved, but on busy days you may have to stand.",
    "Platform changes (Gleisänderung) and delays are common, so check the departure board or the DB Navigator app shortly before departure."
  ],
  "ja": [
    "ドイツ鉄道の割安なSparpreisやSuper Sparpreisの切符は予約した列車に限り有効です（Zugbindung）。Flexpreisなら、利用日の同じ区間のどの列車にも乗れます。",
    "長距離列車の座席予約は任意で、別料金がかかります。予約がなくても予約されていない空席には座れますが、混雑日には立つことになる場合もあります。",
    "番線変更（Gleisänderung）や遅延はよくあるので、発車直前に発車案内板やDB Navigatorアプリで確認しましょう。"
  ]
}$json$::jsonb,
  $json$[
  {
    "term": "die Fahrkarte",
    "meaning": {
      "en": "ticket",
      "ja": "乗車券、切符"
    }
  },
  {
    "term": "einfach / hin und zurück",
    "meaning": {
      "en": "one way / return",
      "ja": "片道／往復"
    }
  },
  {
    "term": "umsteigen",
    "meaning": {
      "en": "to change trains",
      "ja": "乗り換える"
    }
  },
  {
    "term": "die Sitzplatzreservierung",
    "meaning": {
      "en": "seat reservation",
      "ja": "座席予約"
    }
  },
  {
    "term": "das Gleis",
    "meaning": {
      "en": "platform, track",
      "ja": "番線、ホーム"
    }
  },
  {
    "term": "die Anzeigetafel",
    "meaning": {
      "en": "departure board",
      "ja": "発車案内板"
    }
  },
  {
    "term": "der Fensterplatz",
    "meaning": {
      "en": "window seat",
      "ja": "窓側の席"
    }
  }
]$json$::jsonb,
  'travel',
  array['train','tickets','station','reservation','deutsche_bahn'],
  null,
  false
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 15: de / daily_life / address_registration (difficulty 5)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000015',
  'Anmeldung beim Bürgeramt',
  'Register your new address at a German Bürgeramt, handing over the required documents and answering the clerk''s questions.',
  $json${
  "target": "de"
}$json$::jsonb,
  'address_registration',
  5,
  7,
  $json$[
  {
    "order": 1,
    "speaker": "partner",
    "text": "Guten Tag, nehmen Sie bitte Platz. Was kann ich für Sie tun?",
    "translations": {
      "en": "Hello, please take a seat. What can I do for you?",
      "ja": "こんにちは、どうぞおかけください。どのようなご用件ですか？"
    }
  },
  {
    "order": 2,
    "speaker": "learner",
    "text": "Guten Tag. Ich bin vor Kurzem nach Berlin gezogen und möchte meinen Wohnsitz anmelden.",
    "alternatives": [
      "Ich habe einen Termin für die Anmeldung. Ich wohne seit zwei Wochen in Berlin.",
      "Ich bin neu in Berlin und würde gern meine Wohnung anmelden."
    ],
    "translations": {
      "en": "Hello. I recently moved to Berlin and would like to register my address.",
      "ja": "こんにちは。最近ベルリンに引っ越してきたので、住民登録をしたいのですが。"
    }
  },
  {
    "order": 3,
    "speaker": "partner",
    "text": "Haben Sie das ausgefüllte Anmeldeformular, Ihren Reisepass und die Wohnungsgeberbestätigung dabei?",
    "translations": {
      "en": "Do you have the completed registration form, your passport and the landlord's confirmation with you?",
      "ja": "記入済みの届出用紙、パスポート、それから家主の入居証明書はお持ちですか？"
    }
  },
  {
    "order": 4,
    "speaker": "learner",
    "text": "Ja, hier sind das Formular und mein Pass. Die Bestätigung vom Vermieter habe ich auch dabei.",
    "alternatives": [
      "Ja, alles dabei: das Formular, mein Reisepass und die Wohnungsgeberbestätigung.",
      "Ja, bitte schön. Die Bestätigung hat mein Vermieter mir letzte Woche unterschrieben."
    ],
    "translations": {
      "en": "Yes, here are the form and my passport. I've also brought the confirmation from my landlord.",
      "ja": "はい、こちらが用紙とパスポートです。大家さんの証明書も持ってきました。"
    }
  },
  {
    "order": 5,
    "speaker": "partner",
    "text": "Danke. Ist das Ihr einziger Wohnsitz in Deutschland, oder haben Sie noch eine andere Wohnung?",
    "translations": {
      "en": "Thank you. Is this your only residence in Germany, or do you have another flat?",
      "ja": "ありがとうございます。こちらがドイツで唯一のお住まいですか、それともほかにも住居をお持ちですか？"
    }
  },
  {
    "order": 6,
    "speaker": "learner",
    "text": "Das ist mein einziger Wohnsitz. Vorher habe ich in Japan gewohnt.",
    "alternatives": [
      "Ja, das ist meine einzige Wohnung hier. Ich komme direkt aus Japan.",
      "Nur diese eine. Ich bin direkt aus Japan hergezogen."
    ],
    "translations": {
      "en": "This is my only residence. Before that I lived in Japan.",
      "ja": "ここが唯一の住居です。以前は日本に住んでいました。"
    }
  },
  {
    "order": 7,
    "speaker": "partner",
    "text": "Gut. Bei „Religionszugehörigkeit“ haben Sie nichts eingetragen. Gehören Sie einer Religionsgemeinschaft an?",
    "translations": {
      "en": "Good. You left \"religious affiliation\" blank. Do you belong to a religious community?",
      "ja": "わかりました。「宗教」の欄が空欄ですね。何らかの宗教団体に所属していますか？"
    }
  },
  {
    "order": 8,
    "speaker": "learner",
    "text": "Nein, ich gehöre keiner Religionsgemeinschaft an. Muss ich das extra angeben?",
    "alternatives": [
      "Nein, keiner. Hätte ich das ins Formular schreiben sollen?",
      "Nein. Ist das wegen der Kirchensteuer wichtig?"
    ],
    "translations": {
      "en": "No, I don't belong to any religious community. Do I need to state that separately?",
      "ja": "いいえ、どの宗教団体にも属していません。それは別に記入する必要がありますか？"
    }
  },
  {
    "order": 9,
    "speaker": "partner",
    "text": "Ich trage „keine“ ein, das ist für die Kirchensteuer relevant. So, hier ist Ihre Meldebescheinigung. Ihre Steuer-Identifikationsnummer bekommen Sie in einigen Wochen per Post.",
    "translations": {
      "en": "I'll enter \"none\"; it matters for church tax. There you go, here is your registration certificate. You'll receive your tax ID number by post in a few weeks.",
      "ja": "「なし」と記入しておきます。教会税に関わる項目なので。はい、こちらが登録証明書です。納税者番号は数週間後に郵送で届きます。"
    }
  },
  {
    "order": 10,
    "speaker": "learner",
    "text": "Vielen Dank, das ging ja schneller als gedacht! Einen schönen Tag noch.",
    "alternatives": [
      "Super, vielen Dank für Ihre Hilfe!",
      "Danke schön – dann bin ich ja jetzt offiziell angemeldet."
    ],
    "translations": {
      "en": "Thank you very much, that was quicker than I expected! Have a nice day.",
      "ja": "ありがとうございます、思ったより早く済みました！良い一日を。"
    }
  }
]$json$::jsonb,
  $json${
  "en": [
    "Anyone moving into a flat in Germany must register the address within two weeks (Meldepflicht). In big cities Bürgeramt appointments are often booked out weeks ahead, so book online early.",
    "Your landlord is legally required to give you a Wohnungsgeberbestätigung (landlord's confirmation of move-in); without it the registration cannot be completed.",
    "The registration certificate (Meldebescheinigung) is needed for things like opening a bank account. Registering as a member of a church that levies church tax (Kirchensteuer) means an extra tax on your income."
  ],
  "ja": [
    "ドイツで住居に入居した人は、2週間以内に住所を届け出る義務があります（Meldepflicht）。大都市では市民局の予約が数週間先まで埋まっていることが多いので、早めにオンラインで予約しましょう。",
    "家主には入居証明書（Wohnungsgeberbestätigung）を発行する法的義務があり、これがないと住民登録を完了できません。",
    "登録証明書（Meldebescheinigung）は銀行口座の開設などで必要になります。教会税（Kirchensteuer）を課す教会の信者として登録すると、所得に対して追加の税金がかかります。"
  ]
}$json$::jsonb,
  $json$[
  {
    "term": "die Anmeldung",
    "meaning": {
      "en": "registration (of address)",
      "ja": "住民登録、転入届"
    }
  },
  {
    "term": "das Bürgeramt",
    "meaning": {
      "en": "citizens' office (local registry office)",
      "ja": "市民局（住民登録などを扱う役所）"
    }
  },
  {
    "term": "der Wohnsitz",
    "meaning": {
      "en": "place of residence",
      "ja": "住所、居住地"
    }
  },
  {
    "term": "die Wohnungsgeberbestätigung",
    "meaning": {
      "en": "landlord's confirmation of move-in",
      "ja": "家主の入居証明書"
    }
  },
  {
    "term": "die Meldebescheinigung",
    "meaning": {
      "en": "registration certificate",
      "ja": "住民登録証明書"
    }
  },
  {
    "term": "der Vermieter / die Vermieterin",
    "meaning": {
      "en": "landlord / landlady",
      "ja": "家主、大家"
    }
  },
  {
    "term": "die Kirchensteuer",
    "meaning": {
      "en": "church tax",
      "ja": "教会税"
    }
  },
  {
    "term": "die Steuer-Identifikationsnummer",
    "meaning": {
      "en": "tax identification number",
      "ja": "納税者識別番号"
    }
  }
]$json$::jsonb,
  'daily_life',
  array['bureaucracy','anmeldung','moving','documents','residence'],
  null,
  true
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 16: de / business / job_interview (difficulty 8)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000016',
  'Vorstellungsgespräch bei einem Softwareunternehmen',
  'Handle an advanced job interview for a software developer role, talking about your background, a team conflict and your salary expectations.',
  $json${
  "target": "de"
}$json$::jsonb,
  'job_interview',
  8,
  10,
  $json$[
  {
    "order": 1,
    "speaker": "partner",
    "text": "Schön, dass es geklappt hat. Erzählen Sie doch zunächst ein wenig über sich und Ihren beruflichen Werdegang.",
    "translations": {
      "en": "Glad it worked out. Why don't you start by telling us a little about yourself and your career so far?",
      "ja": "お越しいただきありがとうございます。まずはご自身とこれまでのご経歴について少しお話しいただけますか。"
    }
  },
  {
    "order": 2,
    "speaker": "learner",
    "text": "Gern. Ich habe Informatik studiert und arbeite seit fünf Jahren in der Backend-Entwicklung – zuletzt in einem Start-up, wo ich für die Zahlungsschnittstellen zuständig war.",
    "alternatives": [
      "Sehr gern. Nach meinem Informatikstudium bin ich in die Backend-Entwicklung eingestiegen und habe zuletzt bei einem Start-up die Zahlungsschnittstellen verantwortet.",
      "Gerne. Kurz gesagt: Informatikstudium, danach fünf Jahre Backend-Entwicklung, zuletzt mit Schwerpunkt auf Zahlungssystemen in einem Start-up."
    ],
    "translations": {
      "en": "Of course. I studied computer science and have been working in backend development for five years – most recently at a start-up, where I was responsible for the payment interfaces.",
      "ja": "はい。大学で情報科学を専攻し、5年間バックエンド開発に携わってきました。直近ではスタートアップで決済インターフェースを担当していました。"
    }
  },
  {
    "order": 3,
    "speaker": "partner",
    "text": "Und warum möchten Sie sich gerade jetzt verändern?",
    "translations": {
      "en": "And why do you want to make a change right now?",
      "ja": "では、なぜ今、転職をお考えなのですか？"
    }
  },
  {
    "order": 4,
    "speaker": "learner",
    "text": "Ich habe dort viel gelernt, aber jetzt möchte ich den nächsten Schritt gehen. Mich reizt vor allem, an einer Plattform mitzuwirken, die von Millionen Menschen genutzt wird.",
    "alternatives": [
      "Ich habe dort viel mitgenommen, aber die Entwicklungsmöglichkeiten sind inzwischen begrenzt. Die Größenordnung Ihrer Plattform reizt mich sehr.",
      "Ich suche eine neue Herausforderung, und bei Ihnen könnte ich an einem Produkt mit echter Reichweite arbeiten."
    ],
    "translations": {
      "en": "I've learned a lot there, but now I want to take the next step. What appeals to me most is contributing to a platform used by millions of people.",
      "ja": "そこでは多くを学びましたが、次のステップに進みたいと考えています。特に、何百万人もの人が使うプラットフォームに携われることに魅力を感じています。"
    }
  },
  {
    "order": 5,
    "speaker": "partner",
    "text": "Erzählen Sie uns von einer Situation, in der Sie im Team anderer Meinung waren. Wie sind Sie damit umgegangen?",
    "translations": {
      "en": "Tell us about a situation in which you disagreed with your team. How did you handle it?",
      "ja": "チーム内で意見が対立した場面について教えてください。どのように対処しましたか？"
    }
  },
  {
    "order": 6,
    "speaker": "learner",
    "text": "Einmal wollte unser Teamleiter ein Release trotz offener Sicherheitslücken durchziehen. Ich habe ihm unter vier Augen die Risiken aufgezeigt, und wir haben uns auf eine Verschiebung um eine Woche geeinigt.",
    "alternatives": [
      "In meinem letzten Projekt gab es Streit über einen Release-Termin. Ich habe das Gespräch unter vier Augen gesucht, die Risiken sachlich dargelegt, und am Ende haben wir einen Kompromiss gefunden.",
      "Statt die Sache im Meeting eskalieren zu lassen, habe ich mit dem Teamleiter unter vier Augen über die Sicherheitslücken gesprochen, und wir haben das Release gemeinsam um eine Woche verschoben."
    ],
    "translations": {
      "en": "Once our team lead wanted to push a release through despite unresolved security vulnerabilities. I pointed out the risks to him in private, and we agreed to postpone it by a week.",
      "ja": "以前、チームリーダーが未解決のセキュリティ上の脆弱性があるままリリースを強行しようとしたことがありました。私は一対一でリスクを説明し、リリースを1週間延期することで合意しました。"
    }
  },
  {
    "order": 7,
    "speaker": "partner",
    "text": "Das klingt nach einem souveränen Umgang. Was wären denn Ihre Gehaltsvorstellungen?",
    "translations": {
      "en": "That sounds like you handled it with composure. So, what are your salary expectations?",
      "ja": "落ち着いた対応ですね。ところで、希望年収はいかがですか？"
    }
  },
  {
    "order": 8,
    "speaker": "learner",
    "text": "Ausgehend von meiner Erfahrung und dem Marktniveau in Hamburg stelle ich mir ein Jahresbruttogehalt von etwa 72.000 Euro vor – wobei ich je nach Gesamtpaket durchaus Spielraum sehe.",
    "alternatives": [
      "Ich orientiere mich an rund 72.000 Euro brutto im Jahr, bin aber offen, wenn zum Beispiel Weiterbildungsbudget und Homeoffice-Regelung stimmen.",
      "Meine Vorstellung liegt bei etwa 72.000 Euro brutto jährlich – über das Gesamtpaket lässt sich aber sicher reden."
    ],
    "translations": {
      "en": "Based on my experience and the market rate here in Hamburg, I'm thinking of a gross annual salary of about 72,000 euros – though I do see some room for flexibility depending on the overall package.",
      "ja": "これまでの経験とハンブルクの相場を踏まえ、額面年収で7万2千ユーロ程度を希望しています。ただ、待遇全体によっては十分に調整の余地があると考えています。"
    }
  },
  {
    "order": 9,
    "speaker": "partner",
    "text": "Gut, das nehmen wir so mit. Haben Sie Ihrerseits noch Fragen an uns?",
    "translations": {
      "en": "Fine, we'll take note of that. Do you have any questions for us?",
      "ja": "承知しました。そちらから何かご質問はありますか？"
    }
  },
  {
    "order": 10,
    "speaker": "learner",
    "text": "Ja, zwei. Wie sieht die Einarbeitung in den ersten Monaten aus, und wie geht es nach dem heutigen Gespräch weiter?",
    "alternatives": [
      "Gern. Wie ist die Einarbeitung organisiert, und wie sieht der weitere Ablauf aus?",
      "Ja: Wie würde das Onboarding konkret ablaufen, und wann kann ich mit einer Rückmeldung rechnen?"
    ],
    "translations": {
      "en": "Yes, two. What does onboarding look like in the first few months, and what are the next steps after today's interview?",
      "ja": "はい、2点あります。最初の数か月の研修はどのような形になりますか。また、本日の面接の後はどのような流れになるのでしょうか。"
    }
  }
]$json$::jsonb,
  $json${
  "en": [
    "German job interviews are conducted with Sie, even at start-ups where colleagues use du among themselves; wait for the other side to offer du.",
    "Salary is discussed as a gross annual figure (Jahresbruttogehalt). Employers often ask for your Gehaltsvorstellung, and naming a concrete figure or range is expected, not rude.",
    "Directness is valued: concrete examples come across better than modest vagueness, and asking your own questions at the end signals genuine interest."
  ],
  "ja": [
    "ドイツの面接では、社内で du を使い合うスタートアップであっても Sie で話します。du は相手から提案されるのを待ちましょう。",
    "給与は額面年収（Jahresbruttogehalt）で話すのが一般的です。希望年収（Gehaltsvorstellung）を聞かれることが多く、具体的な金額や幅を示すのは失礼ではなく、むしろ期待されています。",
    "率直さが評価されます。控えめで曖昧な答えより具体例のほうが好印象で、最後に自分から質問することは本気の関心の表れと受け取られます。"
  ]
}$json$::jsonb,
  $json$[
  {
    "term": "der berufliche Werdegang",
    "meaning": {
      "en": "career path, professional background",
      "ja": "職歴、経歴"
    }
  },
  {
    "term": "zuständig sein für",
    "meaning": {
      "en": "to be responsible for",
      "ja": "〜を担当している"
    }
  },
  {
    "term": "den nächsten Schritt gehen",
    "meaning": {
      "en": "to take the next step (in one's career)",
      "ja": "次のステップに進む"
    }
  },
  {
    "term": "unter vier Augen",
    "meaning": {
      "en": "in private, one-on-one",
      "ja": "二人きりで、内々に"
    }
  },
  {
    "term": "die Gehaltsvorstellung",
    "meaning": {
      "en": "salary expectation",
      "ja": "希望給与"
    }
  },
  {
    "term": "brutto",
    "meaning": {
      "en": "gross (before tax)",
      "ja": "額面（税引き前）"
    }
  },
  {
    "term": "Spielraum sehen",
    "meaning": {
      "en": "to see room for flexibility",
      "ja": "調整の余地があると考える"
    }
  },
  {
    "term": "die Einarbeitung",
    "meaning": {
      "en": "onboarding, induction period",
      "ja": "新人研修、業務の導入期間"
    }
  }
]$json$::jsonb,
  'business',
  array['job_interview','career','salary','software','formal'],
  'it',
  true
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 17: ja / daily_life / konbini_checkout (difficulty 2)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000017',
  'コンビニでお会計',
  'Pay for a boxed lunch at a Japanese convenience store, answering the clerk''s questions about heating, chopsticks, a bag and payment.',
  $json${
  "target": "ja"
}$json$::jsonb,
  'konbini_checkout',
  2,
  3,
  $json$[
  {
    "order": 1,
    "speaker": "partner",
    "text": "いらっしゃいませ。こちらのお弁当、温めますか？",
    "translations": {
      "en": "Welcome. Would you like this bento heated up?"
    }
  },
  {
    "order": 2,
    "speaker": "learner",
    "text": "はい、お願いします。",
    "alternatives": [
      "はい、温めてください。",
      "お願いします。"
    ],
    "translations": {
      "en": "Yes, please."
    }
  },
  {
    "order": 3,
    "speaker": "partner",
    "text": "お箸はお付けしますか？",
    "translations": {
      "en": "Would you like chopsticks?"
    }
  },
  {
    "order": 4,
    "speaker": "learner",
    "text": "はい、一つお願いします。",
    "alternatives": [
      "はい、ください。",
      "一膳お願いします。"
    ],
    "translations": {
      "en": "Yes, one pair, please."
    }
  },
  {
    "order": 5,
    "speaker": "partner",
    "text": "レジ袋はご利用ですか？一枚三円です。",
    "translations": {
      "en": "Do you need a plastic bag? They're 3 yen each."
    }
  },
  {
    "order": 6,
    "speaker": "learner",
    "text": "いいえ、大丈夫です。",
    "alternatives": [
      "袋はいらないです。",
      "いえ、けっこうです。"
    ],
    "translations": {
      "en": "No, I'm fine."
    }
  },
  {
    "order": 7,
    "speaker": "partner",
    "text": "お会計、五百九十八円です。お支払いはどうなさいますか？",
    "translations": {
      "en": "That comes to 598 yen. How would you like to pay?"
    }
  },
  {
    "order": 8,
    "speaker": "learner",
    "text": "カードでお願いします。",
    "alternatives": [
      "カードで払います。",
      "クレジットカードでお願いします。"
    ],
    "translations": {
      "en": "By card, please."
    }
  }
]$json$::jsonb,
  $json${
  "en": [
    "Konbini clerks use set polite service phrases. You don't need to match their keigo: a simple はい、お願いします or いいえ、大丈夫です is a perfectly natural reply.",
    "Since July 2020, plastic shopping bags in Japan are no longer free, so clerks ask whether you need one. Many people carry their own eco-bag.",
    "When paying cash, put the money on the small tray at the register (called a カルトン) rather than handing it directly to the clerk."
  ],
  "ja": [
    "コンビニの店員は決まった丁寧な接客表現を使います。客が同じように敬語で返す必要はなく、「はい、お願いします」「いいえ、大丈夫です」で十分自然です。",
    "2020年7月からレジ袋が有料化されたため、店員は袋が必要かどうかを尋ねます。エコバッグを持ち歩く人も多いです。",
    "現金で払うときは、店員に直接手渡すのではなく、レジにある小さなトレー（カルトン）にお金を置きます。"
  ]
}$json$::jsonb,
  $json$[
  {
    "term": "温める",
    "reading": "あたためる",
    "meaning": {
      "en": "to heat up, to warm",
      "ja": "熱を加えて温かくすること（コンビニでは電子レンジで）"
    }
  },
  {
    "term": "お箸",
    "reading": "おはし",
    "meaning": {
      "en": "chopsticks",
      "ja": "食事に使う二本の棒（「箸」の丁寧な言い方）"
    }
  },
  {
    "term": "レジ袋",
    "reading": "レジぶくろ",
    "meaning": {
      "en": "plastic shopping bag",
      "ja": "レジで渡されるビニール袋"
    }
  },
  {
    "term": "お会計",
    "reading": "おかいけい",
    "meaning": {
      "en": "the bill, paying",
      "ja": "代金の支払い・精算"
    }
  },
  {
    "term": "大丈夫です",
    "reading": "だいじょうぶです",
    "meaning": {
      "en": "I'm fine / No, thank you (polite refusal)",
      "ja": "問題ない・不要であることをやわらかく伝える表現"
    }
  },
  {
    "term": "支払い",
    "reading": "しはらい",
    "meaning": {
      "en": "payment",
      "ja": "代金を払うこと"
    }
  }
]$json$::jsonb,
  'daily_life',
  array['konbini','shopping','payment','food','beginner'],
  null,
  false
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 18: ja / medical / pharmacy_consultation (difficulty 4)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000018',
  'ドラッグストアで風邪薬を相談する',
  'Describe your cold symptoms to a pharmacist at a Japanese drugstore and choose a suitable non-drowsy medicine.',
  $json${
  "target": "ja"
}$json$::jsonb,
  'pharmacy_consultation',
  4,
  5,
  $json$[
  {
    "order": 1,
    "speaker": "partner",
    "text": "こんにちは。何かお探しですか？",
    "translations": {
      "en": "Hello. Are you looking for something?"
    }
  },
  {
    "order": 2,
    "speaker": "learner",
    "text": "すみません、風邪薬を探しているんですが、ちょっと相談してもいいですか。",
    "alternatives": [
      "すみません、風邪をひいたみたいで、薬について相談したいんですが。",
      "あの、風邪薬のことで少しお聞きしたいんですが。"
    ],
    "translations": {
      "en": "Excuse me, I'm looking for cold medicine. Could I ask you for some advice?"
    }
  },
  {
    "order": 3,
    "speaker": "partner",
    "text": "はい、どうぞ。どんな症状がありますか？",
    "translations": {
      "en": "Of course. What symptoms do you have?"
    }
  },
  {
    "order": 4,
    "speaker": "learner",
    "text": "昨日から喉が痛くて、鼻水も出ます。熱は三十七度二分くらいです。",
    "alternatives": [
      "昨日から喉が痛いです。鼻水も少しあって、熱は三十七度ちょっとです。",
      "喉の痛みと鼻水があります。熱は三十七度二分ぐらいです。"
    ],
    "translations": {
      "en": "I've had a sore throat since yesterday, and a runny nose too. My temperature is about 37.2 degrees."
    }
  },
  {
    "order": 5,
    "speaker": "partner",
    "text": "そうですか。ほかに飲んでいるお薬や、アレルギーはありますか？",
    "translations": {
      "en": "I see. Are you taking any other medication, or do you have any allergies?"
    }
  },
  {
    "order": 6,
    "speaker": "learner",
    "text": "いいえ、特にありません。あ、でも明日車を運転するので、眠くならない薬がいいです。",
    "alternatives": [
      "特にないです。ただ、明日運転するので、眠くなりにくい薬はありますか。",
      "ありません。あと、眠くならないものがあれば、それがいいんですが。"
    ],
    "translations": {
      "en": "No, nothing in particular. Oh, but I'm driving tomorrow, so I'd like a medicine that won't make me drowsy."
    }
  },
  {
    "order": 7,
    "speaker": "partner",
    "text": "それでしたら、こちらはいかがでしょう。眠くなる成分が入っていないタイプです。一日三回、食後に二錠ずつお飲みください。",
    "translations": {
      "en": "In that case, how about this one? It doesn't contain any ingredients that cause drowsiness. Take two tablets three times a day after meals."
    }
  },
  {
    "order": 8,
    "speaker": "learner",
    "text": "わかりました。一日三回、食後に二錠ですね。じゃあ、これをください。",
    "alternatives": [
      "食後に二錠ずつ、一日三回ですね。これにします。",
      "一日三回、食後ですね。ではこちらをお願いします。"
    ],
    "translations": {
      "en": "Understood. Two tablets three times a day after meals. I'll take this, then."
    }
  },
  {
    "order": 9,
    "speaker": "partner",
    "text": "三日ほど飲んでも良くならないときは、病院を受診してくださいね。お大事に。",
    "translations": {
      "en": "If you don't feel better after taking it for about three days, please see a doctor. Take care."
    }
  },
  {
    "order": 10,
    "speaker": "learner",
    "text": "はい、そうします。ありがとうございました。",
    "alternatives": [
      "わかりました。どうもありがとうございました。",
      "はい、気をつけます。ありがとうございました。"
    ],
    "translations": {
      "en": "Yes, I will. Thank you very much."
    }
  }
]$json$::jsonb,
  $json${
  "en": [
    "Japanese drugstores usually have a pharmacist (薬剤師) or a registered seller (登録販売者) on duty who can advise on over-the-counter medicine; just ask 相談してもいいですか.",
    "Body temperature is read with 度 and 分: 三十七度二分 means 37.2°C. Temperatures in the 37s are often described as 微熱 (a slight fever).",
    "Staff often say お大事に (take care of yourself) when you leave. Reply with a simple ありがとうございます; you don't say お大事に back."
  ],
  "ja": [
    "日本のドラッグストアには通常、薬剤師か登録販売者がいて、市販薬について相談に乗ってくれます。「相談してもいいですか」と声をかければ大丈夫です。",
    "体温は「度」と「分」で言います。「三十七度二分」は37.2℃のことです。37℃台の熱はよく「微熱」と表現されます。",
    "帰り際に店員が「お大事に」と言うことがよくあります。返事は「ありがとうございます」で十分で、「お大事に」と言い返すことはしません。"
  ]
}$json$::jsonb,
  $json$[
  {
    "term": "風邪薬",
    "reading": "かぜぐすり",
    "meaning": {
      "en": "cold medicine",
      "ja": "風邪の症状をやわらげる薬"
    }
  },
  {
    "term": "症状",
    "reading": "しょうじょう",
    "meaning": {
      "en": "symptom",
      "ja": "病気のときに体にあらわれる変化"
    }
  },
  {
    "term": "喉",
    "reading": "のど",
    "meaning": {
      "en": "throat",
      "ja": "口の奥、首の前側の部分"
    }
  },
  {
    "term": "鼻水",
    "reading": "はなみず",
    "meaning": {
      "en": "runny nose, nasal mucus",
      "ja": "鼻から出る水のような液体"
    }
  },
  {
    "term": "眠くなる",
    "reading": "ねむくなる",
    "meaning": {
      "en": "to become drowsy",
      "ja": "眠気が出ること"
    }
  },
  {
    "term": "食後",
    "reading": "しょくご",
    "meaning": {
      "en": "after a meal",
      "ja": "食事をしたあと"
    }
  },
  {
    "term": "錠",
    "reading": "じょう",
    "meaning": {
      "en": "counter for tablets",
      "ja": "錠剤を数える言葉"
    }
  },
  {
    "term": "受診する",
    "reading": "じゅしんする",
    "meaning": {
      "en": "to see a doctor",
      "ja": "医療機関で診察を受けること"
    }
  }
]$json$::jsonb,
  'medical',
  array['pharmacy','medicine','symptoms','health','drugstore'],
  null,
  false
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 19: ja / academic / thesis_consultation (difficulty 7)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000019',
  '指導教員に卒業論文のテーマを相談する',
  'Visit your supervisor during office hours to narrow down your graduation thesis topic, using polite academic Japanese with a professor.',
  $json${
  "target": "ja"
}$json$::jsonb,
  'thesis_consultation',
  7,
  8,
  $json$[
  {
    "order": 1,
    "speaker": "learner",
    "text": "失礼します。田中先生、今少しお時間よろしいでしょうか。",
    "alternatives": [
      "失礼いたします。先生、少しお時間をいただいてもよろしいでしょうか。",
      "失礼します。先生、ただいまお時間よろしいでしょうか。"
    ],
    "translations": {
      "en": "Excuse me. Professor Tanaka, do you have a moment now?"
    }
  },
  {
    "order": 2,
    "speaker": "partner",
    "text": "ああ、どうぞどうぞ。卒論のことかな？",
    "translations": {
      "en": "Ah, come on in. Is it about your thesis?"
    }
  },
  {
    "order": 3,
    "speaker": "learner",
    "text": "はい。テーマについてご相談したいことがありまして。地方の空き家問題を扱いたいと考えているのですが、範囲が広すぎるのではないかと思いまして。",
    "alternatives": [
      "はい、テーマのことでご相談させていただきたく参りました。地方の空き家問題を扱うつもりなのですが、範囲が広すぎるような気がしておりまして。",
      "はい、卒論のテーマについてご意見を伺いたいと思いまして。地方の空き家問題を考えているのですが、少し漠然としているでしょうか。"
    ],
    "translations": {
      "en": "Yes. There's something I'd like to consult you about regarding my topic. I'm thinking of working on the problem of vacant houses in rural areas, but I'm worried the scope may be too broad."
    }
  },
  {
    "order": 4,
    "speaker": "partner",
    "text": "確かに、「空き家問題」だけだと漠然としているね。どこか具体的な地域に絞るつもりはある？",
    "translations": {
      "en": "True, just \"the vacant house problem\" is vague. Are you planning to narrow it down to a specific area?"
    }
  },
  {
    "order": 5,
    "speaker": "learner",
    "text": "祖父母が住んでいる長野県の町を事例として取り上げられればと考えております。親戚のつてで、現地の方に聞き取り調査もお願いできそうです。",
    "alternatives": [
      "長野県の、祖父母の住む町を事例にしたいと考えております。親戚を通じて、地元の方への聞き取り調査もできそうです。",
      "祖父母がいる長野県の町に絞ろうかと考えております。現地で聞き取り調査を行うことも可能かと存じます。"
    ],
    "translations": {
      "en": "I'm thinking of taking up the town in Nagano Prefecture where my grandparents live as a case study. Through my relatives' connections, I may also be able to ask local people for interviews."
    }
  },
  {
    "order": 6,
    "speaker": "partner",
    "text": "事例研究にするのはいいと思うよ。ただ、先行研究はどのくらい読んだ？",
    "translations": {
      "en": "I think a case study is a good idea. But how much of the previous research have you read?"
    }
  },
  {
    "order": 7,
    "speaker": "learner",
    "text": "お恥ずかしながら、まだ数本しか読めておりません。来週までに主要な文献を整理いたしますので、改めてご報告に伺ってもよろしいでしょうか。",
    "alternatives": [
      "正直に申しますと、まだ数本しか目を通せていない状況です。来週までに文献を整理して、もう一度ご相談に伺ってもよろしいでしょうか。",
      "申し訳ありません、まだほとんど読めておりません。来週までに主な文献をまとめますので、改めてお時間をいただけますでしょうか。"
    ],
    "translations": {
      "en": "I'm embarrassed to say I've only managed to read a few papers so far. I'll organise the main literature by next week — may I come back then to report to you?"
    }
  },
  {
    "order": 8,
    "speaker": "partner",
    "text": "うん、それがいい。まずは自治体の空き家バンクに関する論文あたりから当たってみるといいよ。",
    "translations": {
      "en": "Yes, that's a good idea. You might start by looking into papers on municipal vacant-house banks."
    }
  },
  {
    "order": 9,
    "speaker": "learner",
    "text": "ありがとうございます。さっそく調べてみます。お忙しいところ、お時間をいただきありがとうございました。失礼いたします。",
    "alternatives": [
      "貴重なご助言をありがとうございます。さっそく探してみます。本日はお時間をいただき、ありがとうございました。",
      "わかりました、空き家バンク関連から当たってみます。お忙しい中ありがとうございました。失礼しました。"
    ],
    "translations": {
      "en": "Thank you very much. I'll look into it right away. Thank you for making time for me when you're so busy. Excuse me."
    }
  },
  {
    "order": 10,
    "speaker": "partner",
    "text": "はい、お疲れさま。じゃあ、来週また同じ時間においで。",
    "translations": {
      "en": "Okay, good work. Come back at the same time next week, then."
    }
  }
]$json$::jsonb,
  $json${
  "en": [
    "Knock before entering a professor's office, say 失礼します, and check whether they have time (お時間よろしいでしょうか). When leaving, say 失礼します or 失礼しました.",
    "Professors often speak casually to students (〜かな, 〜よ, おいで), but students keep using keigo. This asymmetry is normal and does not mean you should switch to casual speech.",
    "When asking for advice, Japanese speakers soften their statements by leaving sentences open (〜と思いまして, 〜のですが) and with humble phrases like お恥ずかしながら."
  ],
  "ja": [
    "教員の研究室に入るときはノックをして「失礼します」と言い、「お時間よろしいでしょうか」と都合を確かめます。退室時は「失礼します」または「失礼しました」と言います。",
    "教員は学生に対してくだけた話し方（「〜かな」「〜よ」「おいで」など）をすることが多いですが、学生は敬語を使い続けます。この非対称は普通のことで、学生もくだけた話し方に切り替えてよいという意味ではありません。",
    "相談をするときは、「〜と思いまして」「〜のですが」のように文を言い切らずに終えたり、「お恥ずかしながら」のような謙遜表現を使ったりして、表現をやわらげます。"
  ]
}$json$::jsonb,
  $json$[
  {
    "term": "卒業論文",
    "reading": "そつぎょうろんぶん",
    "meaning": {
      "en": "graduation thesis (often shortened to 卒論)",
      "ja": "大学卒業のために書く論文（略して「卒論」）"
    }
  },
  {
    "term": "指導教員",
    "reading": "しどうきょういん",
    "meaning": {
      "en": "academic supervisor",
      "ja": "学生の研究を指導する教員"
    }
  },
  {
    "term": "先行研究",
    "reading": "せんこうけんきゅう",
    "meaning": {
      "en": "previous research, prior studies",
      "ja": "そのテーマについてすでに行われている研究"
    }
  },
  {
    "term": "事例",
    "reading": "じれい",
    "meaning": {
      "en": "case, example (for a case study)",
      "ja": "具体的な例として取り上げる対象"
    }
  },
  {
    "term": "聞き取り調査",
    "reading": "ききとりちょうさ",
    "meaning": {
      "en": "interview survey, fieldwork interviews",
      "ja": "人に直接話を聞いて行う調査"
    }
  },
  {
    "term": "文献",
    "reading": "ぶんけん",
    "meaning": {
      "en": "literature, academic sources",
      "ja": "研究の参考となる書物や論文"
    }
  },
  {
    "term": "お恥ずかしながら",
    "reading": "おはずかしながら",
    "meaning": {
      "en": "I'm embarrassed to say (humble softener)",
      "ja": "自分の至らない点を控えめに認めるときの前置き"
    }
  },
  {
    "term": "伺う",
    "reading": "うかがう",
    "meaning": {
      "en": "to visit / to ask (humble form)",
      "ja": "「訪ねる」「聞く」の謙譲語"
    }
  }
]$json$::jsonb,
  'academic',
  array['university','thesis','professor','keigo','research'],
  null,
  true
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 20: ja / business / business_card_exchange (difficulty 10)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000020',
  '取引先との名刺交換と商談の切り出し',
  'Exchange business cards and open a first sales meeting at a prospective client''s office using formal keigo (sonkeigo and kenjōgo).',
  $json${
  "target": "ja"
}$json$::jsonb,
  'business_card_exchange',
  10,
  12,
  $json$[
  {
    "order": 1,
    "speaker": "learner",
    "text": "本日はお忙しいところ、お時間を頂戴しまして誠にありがとうございます。",
    "alternatives": [
      "本日は貴重なお時間をいただき、誠にありがとうございます。",
      "お忙しい中お時間を割いていただき、誠にありがとうございます。"
    ],
    "translations": {
      "en": "Thank you very much for taking the time to see me today despite your busy schedule."
    }
  },
  {
    "order": 2,
    "speaker": "partner",
    "text": "いえいえ、遠いところをわざわざお越しいただきまして、ありがとうございます。",
    "translations": {
      "en": "Not at all — thank you for coming all this way."
    }
  },
  {
    "order": 3,
    "speaker": "learner",
    "text": "申し遅れました。わたくし、グローバルリンク株式会社営業部の佐藤と申します。どうぞよろしくお願いいたします。",
    "alternatives": [
      "ご挨拶が遅れました。グローバルリンク株式会社営業部の佐藤でございます。よろしくお願い申し上げます。",
      "失礼いたしました。わたくし、グローバルリンク株式会社営業部の佐藤と申します。本日はどうぞよろしくお願いいたします。"
    ],
    "translations": {
      "en": "Forgive me for not introducing myself sooner. I'm Sato from the sales department of GlobalLink Co., Ltd. It's a pleasure to meet you."
    }
  },
  {
    "order": 4,
    "speaker": "partner",
    "text": "頂戴いたします。わたくし、ミライ工業購買部の木村でございます。",
    "translations": {
      "en": "Thank you, I'll gladly accept it. I'm Kimura from the purchasing department of Mirai Industries."
    }
  },
  {
    "order": 5,
    "speaker": "learner",
    "text": "頂戴いたします。木村様、どうぞよろしくお願いいたします。",
    "alternatives": [
      "ありがとうございます。頂戴いたします。木村様、よろしくお願いいたします。",
      "頂戴いたします。購買部の木村様でいらっしゃいますね。どうぞよろしくお願いいたします。"
    ],
    "translations": {
      "en": "Thank you, I'll gladly accept it. Mr./Ms. Kimura, it's a pleasure to meet you."
    }
  },
  {
    "order": 6,
    "speaker": "partner",
    "text": "どうぞ、おかけください。早速ですが、先日お送りいただいた資料、拝見いたしました。",
    "translations": {
      "en": "Please, have a seat. To get straight to the point, I've looked through the materials you sent us the other day."
    }
  },
  {
    "order": 7,
    "speaker": "learner",
    "text": "恐れ入ります。お目通しいただき、ありがとうございます。本日は、その中でも御社の生産ラインに特にお役立ていただけそうな点を中心に、ご説明させていただければと存じます。",
    "alternatives": [
      "恐縮です。ご覧いただきありがとうございます。本日は、御社の生産ラインに関わる部分を中心にご説明できればと存じます。",
      "ありがとうございます。本日は資料の中から、御社に特にお役に立てそうな点に絞ってご説明いたします。"
    ],
    "translations": {
      "en": "Thank you very much for reading them. Today I'd like to focus my explanation on the points that could be particularly useful for your production line."
    }
  },
  {
    "order": 8,
    "speaker": "partner",
    "text": "ありがとうございます。実は、弊社でもちょうど検品工程の効率化を検討しておりまして。",
    "translations": {
      "en": "Thank you. As it happens, we've just been looking into how to make our inspection process more efficient."
    }
  },
  {
    "order": 9,
    "speaker": "learner",
    "text": "さようでございますか。それでしたら、まずは御社の現状の課題をお伺いしたうえで、最適なご提案をさせていただければ幸いです。",
    "alternatives": [
      "さようでございますか。では、まず現在お困りの点をお聞かせいただけますでしょうか。そのうえで最適なご提案ができればと存じます。",
      "それは良いタイミングでございました。よろしければ、まず現状の課題をお伺いし、御社に合ったご提案をさせていただけますと幸いです。"
    ],
    "translations": {
      "en": "Is that so? In that case, I would be grateful if I could first hear about the challenges you're currently facing, and then make the most suitable proposal."
    }
  },
  {
    "order": 10,
    "speaker": "partner",
    "text": "承知いたしました。現場の責任者も同席させたいので、今呼んでまいります。少々お待ちいただけますか。",
    "translations": {
      "en": "Certainly. I'd like our floor manager to join us as well, so I'll go and get them now. Could you wait a moment?"
    }
  }
]$json$::jsonb,
  $json${
  "en": [
    "Hold your card with both hands, text facing the recipient, and offer it slightly lower than the other person's card as a sign of humility. Receive theirs with both hands and say 頂戴いたします. The visitor traditionally presents their card first.",
    "Never put a card you've just received straight into your pocket. During the meeting, lay it on the table (on top of your card case for the most senior person) in the order people are seated, and put it away carefully at the end.",
    "Call the other company 御社 in speech (貴社 in writing) and your own company 弊社. Refer to yourself as わたくし and to your own colleagues without さん or 様 when speaking to outsiders."
  ],
  "ja": [
    "名刺は両手で持ち、相手から文字が読める向きにして、相手の名刺より少し低い位置で差し出すのが謙虚さの表れとされます。受け取るときも両手で「頂戴いたします」と言います。訪問した側が先に名刺を出すのが一般的です。",
    "受け取った名刺をすぐにポケットにしまってはいけません。商談中は相手の座席順にテーブルに並べ（最も役職の高い人の名刺は名刺入れの上に置きます）、終わったら丁寧にしまいます。",
    "相手の会社は話し言葉で「御社」（書き言葉では「貴社」）、自分の会社は「弊社」と言います。自分のことは「わたくし」と言い、社外の人に対して自社の人を呼ぶときは「さん」や「様」を付けません。"
  ]
}$json$::jsonb,
  $json$[
  {
    "term": "名刺",
    "reading": "めいし",
    "meaning": {
      "en": "business card",
      "ja": "氏名・所属・連絡先などを記したカード"
    }
  },
  {
    "term": "頂戴いたします",
    "reading": "ちょうだいいたします",
    "meaning": {
      "en": "I humbly receive (it)",
      "ja": "「もらう」の謙譲語を使った丁寧な受け取りの言葉"
    }
  },
  {
    "term": "申し遅れました",
    "reading": "もうしおくれました",
    "meaning": {
      "en": "forgive me for not introducing myself sooner",
      "ja": "名乗るのが遅れたことをわびる決まり文句"
    }
  },
  {
    "term": "御社",
    "reading": "おんしゃ",
    "meaning": {
      "en": "your company (spoken, respectful)",
      "ja": "相手の会社を敬って言う話し言葉"
    }
  },
  {
    "term": "弊社",
    "reading": "へいしゃ",
    "meaning": {
      "en": "our company (humble)",
      "ja": "自分の会社をへりくだって言う言葉"
    }
  },
  {
    "term": "拝見する",
    "reading": "はいけんする",
    "meaning": {
      "en": "to look at, to read (humble)",
      "ja": "「見る」の謙譲語"
    }
  },
  {
    "term": "恐れ入ります",
    "reading": "おそれいります",
    "meaning": {
      "en": "thank you / I'm much obliged (humble)",
      "ja": "感謝や恐縮の気持ちを表す丁寧な表現"
    }
  },
  {
    "term": "幸いです",
    "reading": "さいわいです",
    "meaning": {
      "en": "I would be grateful (if ...)",
      "ja": "「〜していただけるとありがたい」という丁寧な依頼の表現"
    }
  }
]$json$::jsonb,
  'business',
  array['business_cards','meishi','keigo','sales_meeting','first_meeting'],
  'sales',
  true
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 21: zh / travel / restaurant_order (difficulty 2)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000021',
  '在饭馆点菜',
  'Get a table, order two classic dishes with rice and drinks at a Chinese restaurant, and ask about mobile payment.',
  $json${
  "target": "zh"
}$json$::jsonb,
  'restaurant_order',
  2,
  4,
  $json$[
  {
    "order": 1,
    "speaker": "partner",
    "text": "欢迎光临！几位？",
    "translations": {
      "en": "Welcome! How many people?",
      "ja": "いらっしゃいませ！何名様ですか？"
    }
  },
  {
    "order": 2,
    "speaker": "learner",
    "text": "两位。有菜单吗？",
    "alternatives": [
      "我们两个人。请给我们看一下菜单。",
      "两个人。可以看看菜单吗？"
    ],
    "translations": {
      "en": "Two. Do you have a menu?",
      "ja": "2人です。メニューはありますか？"
    }
  },
  {
    "order": 3,
    "speaker": "partner",
    "text": "这是菜单。想吃点儿什么？",
    "translations": {
      "en": "Here's the menu. What would you like to eat?",
      "ja": "こちらがメニューです。何になさいますか？"
    }
  },
  {
    "order": 4,
    "speaker": "learner",
    "text": "我们要一个宫保鸡丁和一个西红柿炒鸡蛋。",
    "alternatives": [
      "来一个宫保鸡丁，再来一个西红柿炒鸡蛋。",
      "请给我们一份宫保鸡丁和一份西红柿炒鸡蛋。"
    ],
    "translations": {
      "en": "We'd like kung pao chicken and stir-fried tomato and egg.",
      "ja": "宮保鶏丁（鶏肉とピーナッツのピリ辛炒め）と、トマトと卵の炒め物をお願いします。"
    }
  },
  {
    "order": 5,
    "speaker": "partner",
    "text": "好的。宫保鸡丁有点儿辣，没问题吧？",
    "translations": {
      "en": "Okay. The kung pao chicken is a little spicy — is that all right?",
      "ja": "かしこまりました。宮保鶏丁は少し辛いですが、大丈夫ですか？"
    }
  },
  {
    "order": 6,
    "speaker": "learner",
    "text": "没问题，我们能吃辣。",
    "alternatives": [
      "没事儿，我们喜欢吃辣的。",
      "可以，辣一点儿没关系。"
    ],
    "translations": {
      "en": "No problem, we can handle spicy food.",
      "ja": "大丈夫です。辛いものは食べられます。"
    }
  },
  {
    "order": 7,
    "speaker": "partner",
    "text": "要米饭吗？喝点儿什么？",
    "translations": {
      "en": "Would you like rice? Anything to drink?",
      "ja": "ご飯はいりますか？お飲み物はいかがですか？"
    }
  },
  {
    "order": 8,
    "speaker": "learner",
    "text": "要两碗米饭，再来两瓶矿泉水。",
    "alternatives": [
      "两碗米饭，两瓶矿泉水，谢谢。",
      "米饭要两碗，喝的要两瓶矿泉水。"
    ],
    "translations": {
      "en": "Two bowls of rice, and two bottles of mineral water.",
      "ja": "ご飯を2つと、ミネラルウォーターを2本お願いします。"
    }
  },
  {
    "order": 9,
    "speaker": "partner",
    "text": "好的，请稍等，菜马上就来。",
    "translations": {
      "en": "All right, just a moment. The food will be right out.",
      "ja": "かしこまりました。少々お待ちください。料理はすぐにお持ちします。"
    }
  },
  {
    "order": 10,
    "speaker": "learner",
    "text": "谢谢。对了，买单的时候可以用支付宝吗？",
    "alternatives": [
      "谢谢。请问一会儿结账能用支付宝吗？",
      "好的，谢谢。待会儿买单可以用支付宝付吗？"
    ],
    "translations": {
      "en": "Thanks. Oh, by the way, can we pay with Alipay when we get the bill?",
      "ja": "ありがとうございます。ところで、お会計のときにアリペイは使えますか？"
    }
  }
]$json$::jsonb,
  $json${
  "en": [
    "To call staff in a Chinese restaurant, it is normal to raise your hand and say 服务员 (fúwùyuán); to ask for the bill, say 买单 (mǎidān) or 结账 (jiézhàng).",
    "Dishes are usually shared by the whole table. A common rule of thumb is to order about one dish per person, plus rice or a soup.",
    "Mobile payment with Alipay (支付宝) or WeChat Pay (微信支付) is the norm in China, usually by scanning a QR code. Both apps now let many foreign visitors link an overseas bank card."
  ],
  "ja": [
    "中国のレストランで店員を呼ぶときは、手を挙げて「服务员（fúwùyuán）」と言うのが普通です。会計をお願いするときは「买单（mǎidān）」または「结账（jiézhàng）」と言います。",
    "料理はテーブル全員で取り分けるのが一般的です。目安として、人数分くらいの料理にご飯やスープを加えて注文します。",
    "中国ではアリペイ（支付宝）やWeChat Pay（微信支付）によるモバイル決済が主流で、QRコードを読み取って支払うことが多いです。現在は多くの外国人旅行者も、海外の銀行カードをこれらのアプリに登録して使えます。"
  ]
}$json$::jsonb,
  $json$[
  {
    "term": "菜单",
    "reading": "càidān",
    "meaning": {
      "en": "menu",
      "ja": "メニュー"
    }
  },
  {
    "term": "宫保鸡丁",
    "reading": "gōngbǎo jīdīng",
    "meaning": {
      "en": "kung pao chicken",
      "ja": "宮保鶏丁（鶏肉とピーナッツのピリ辛炒め）"
    }
  },
  {
    "term": "辣",
    "reading": "là",
    "meaning": {
      "en": "spicy, hot",
      "ja": "辛い"
    }
  },
  {
    "term": "米饭",
    "reading": "mǐfàn",
    "meaning": {
      "en": "cooked rice",
      "ja": "ご飯"
    }
  },
  {
    "term": "矿泉水",
    "reading": "kuàngquánshuǐ",
    "meaning": {
      "en": "mineral water",
      "ja": "ミネラルウォーター"
    }
  },
  {
    "term": "买单",
    "reading": "mǎidān",
    "meaning": {
      "en": "to pay the bill",
      "ja": "会計する、お勘定"
    }
  },
  {
    "term": "支付宝",
    "reading": "Zhīfùbǎo",
    "meaning": {
      "en": "Alipay",
      "ja": "アリペイ（モバイル決済サービス）"
    }
  }
]$json$::jsonb,
  'travel',
  array['restaurant','ordering','food','payment','beginner'],
  null,
  false
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 22: zh / travel / hotel_check_in (difficulty 4)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000022',
  '酒店入住',
  'Check in at a hotel in China, showing your passport, paying the deposit and asking about breakfast and Wi-Fi.',
  $json${
  "target": "zh"
}$json$::jsonb,
  'hotel_check_in',
  4,
  5,
  $json$[
  {
    "order": 1,
    "speaker": "partner",
    "text": "您好，欢迎入住。请问您有预订吗？",
    "translations": {
      "en": "Hello, welcome. Do you have a reservation?",
      "ja": "こんにちは、ようこそお越しくださいました。ご予約はございますか？"
    }
  },
  {
    "order": 2,
    "speaker": "learner",
    "text": "您好，我在网上预订了一间大床房，住三晚，预订人姓山田。",
    "alternatives": [
      "你好，我有预订，订的是三晚的大床房，名字是山田。",
      "您好，我订了一间大床房，三个晚上，预订的名字是山田。"
    ],
    "translations": {
      "en": "Hello, I booked a double room online for three nights. The reservation is under Yamada.",
      "ja": "こんにちは。ネットでダブルルームを3泊予約しました。予約名は山田です。"
    }
  },
  {
    "order": 3,
    "speaker": "partner",
    "text": "好的，请出示一下您的护照。",
    "translations": {
      "en": "All right, may I see your passport, please?",
      "ja": "かしこまりました。パスポートをご提示いただけますか。"
    }
  },
  {
    "order": 4,
    "speaker": "learner",
    "text": "好的，这是我的护照。",
    "alternatives": [
      "好的，给您。",
      "没问题，请看。"
    ],
    "translations": {
      "en": "Sure, here's my passport.",
      "ja": "はい、パスポートです。"
    }
  },
  {
    "order": 5,
    "speaker": "partner",
    "text": "找到了，大床房，三晚，含早餐。入住需要交五百元押金，退房时退还。您刷卡还是用支付宝？",
    "translations": {
      "en": "Found it: a double room for three nights, breakfast included. There's a 500-yuan deposit at check-in, which is refunded when you check out. Will you pay by card or with Alipay?",
      "ja": "ご予約を確認いたしました。ダブルルーム3泊、朝食付きですね。チェックイン時にデポジットとして500元お預かりし、チェックアウトの際にお返しします。カードとアリペイ、どちらになさいますか？"
    }
  },
  {
    "order": 6,
    "speaker": "learner",
    "text": "刷信用卡吧。请问早餐几点开始，在哪儿吃？",
    "alternatives": [
      "我用信用卡。另外，早餐是几点到几点？在哪里吃？",
      "刷卡就行。请问早餐在几楼，几点开始？"
    ],
    "translations": {
      "en": "I'll use my credit card. What time does breakfast start, and where is it served?",
      "ja": "クレジットカードでお願いします。朝食は何時からで、どこで食べられますか？"
    }
  },
  {
    "order": 7,
    "speaker": "partner",
    "text": "早餐是六点半到十点，在二楼餐厅。这是您的房卡，房间号是1208，电梯在您右手边。",
    "translations": {
      "en": "Breakfast is from 6:30 to 10:00 in the restaurant on the second floor. Here's your key card; your room is 1208, and the elevators are on your right.",
      "ja": "朝食は6時半から10時まで、2階のレストランです。こちらがカードキーで、お部屋は1208号室です。エレベーターは右手にございます。"
    }
  },
  {
    "order": 8,
    "speaker": "learner",
    "text": "谢谢。还有，房间里有无线网吗？密码是多少？",
    "alternatives": [
      "好的。请问有Wi-Fi吗？密码是什么？",
      "谢谢。房间能上网吗？Wi-Fi密码是多少？"
    ],
    "translations": {
      "en": "Thank you. Also, is there Wi-Fi in the room? What's the password?",
      "ja": "ありがとうございます。それから、部屋にWi-Fiはありますか？パスワードは何ですか？"
    }
  },
  {
    "order": 9,
    "speaker": "partner",
    "text": "有的，Wi-Fi名称和密码都写在房卡套上。退房时间是中午十二点。祝您入住愉快！",
    "translations": {
      "en": "Yes — the Wi-Fi name and password are written on the key card holder. Check-out is at 12 noon. Enjoy your stay!",
      "ja": "はい、Wi-Fiの名前とパスワードはカードキーのケースに書いてあります。チェックアウトは正午12時です。どうぞごゆっくりお過ごしください！"
    }
  },
  {
    "order": 10,
    "speaker": "learner",
    "text": "明白了，谢谢您！",
    "alternatives": [
      "好的，非常感谢！",
      "知道了，麻烦您了，谢谢！"
    ],
    "translations": {
      "en": "Got it, thank you!",
      "ja": "わかりました。ありがとうございます！"
    }
  }
]$json$::jsonb,
  $json${
  "en": [
    "Hotels in China must register every foreign guest's passport with the police, so you will always be asked for it at check-in. Historically not every hotel was allowed to host foreigners, so confirm when booking budget places.",
    "A refundable deposit (押金 yājīn) is usually taken at check-in, often as a pre-authorisation on a card or through Alipay or WeChat Pay, and released when you check out.",
    "Front-desk staff address guests with 您, the respectful form of 'you'. Using 您 back is polite; 你 is fine with peers and in casual situations."
  ],
  "ja": [
    "中国のホテルは外国人宿泊客のパスポート情報を警察に届け出る義務があるため、チェックイン時には必ずパスポートの提示を求められます。以前は外国人を受け入れられないホテルもあったので、格安の宿を予約するときは確認しておくと安心です。",
    "チェックイン時には返金されるデポジット（押金 yājīn）を預けるのが一般的で、カードやアリペイ、WeChat Payでの仮押さえ（与信枠の確保）という形が多く、チェックアウト時に解除されます。",
    "フロントのスタッフは客に対して丁寧な二人称「您」を使います。こちらも「您」を使うと丁寧です。「你」は同年代や気軽な場面なら問題ありません。"
  ]
}$json$::jsonb,
  $json$[
  {
    "term": "预订",
    "reading": "yùdìng",
    "meaning": {
      "en": "to book, reservation",
      "ja": "予約（する）"
    }
  },
  {
    "term": "大床房",
    "reading": "dàchuángfáng",
    "meaning": {
      "en": "double room (one large bed)",
      "ja": "ダブルルーム"
    }
  },
  {
    "term": "护照",
    "reading": "hùzhào",
    "meaning": {
      "en": "passport",
      "ja": "パスポート"
    }
  },
  {
    "term": "入住",
    "reading": "rùzhù",
    "meaning": {
      "en": "to check in, to stay at a hotel",
      "ja": "チェックイン（する）、宿泊する"
    }
  },
  {
    "term": "押金",
    "reading": "yājīn",
    "meaning": {
      "en": "deposit",
      "ja": "デポジット、保証金"
    }
  },
  {
    "term": "房卡",
    "reading": "fángkǎ",
    "meaning": {
      "en": "key card",
      "ja": "カードキー"
    }
  },
  {
    "term": "退房",
    "reading": "tuìfáng",
    "meaning": {
      "en": "to check out",
      "ja": "チェックアウト（する）"
    }
  },
  {
    "term": "密码",
    "reading": "mìmǎ",
    "meaning": {
      "en": "password",
      "ja": "パスワード"
    }
  }
]$json$::jsonb,
  'travel',
  array['hotel','check_in','accommodation','deposit','travel'],
  null,
  false
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 23: zh / medical / clinic_reception (difficulty 6)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000023',
  '医院挂号与分诊',
  'Register as a first-time patient at a Chinese hospital, describe your symptoms at the reception desk, and find out which department to go to and how long to wait.',
  $json${
  "target": "zh"
}$json$::jsonb,
  'clinic_reception',
  6,
  7,
  $json$[
  {
    "order": 1,
    "speaker": "learner",
    "text": "您好，我是第一次来这家医院看病，请问在哪儿挂号？",
    "alternatives": [
      "你好，我第一次来这儿看病，请问怎么挂号？",
      "您好，请问初诊应该在哪里挂号？"
    ],
    "translations": {
      "en": "Hello, this is my first time at this hospital. Where do I register?",
      "ja": "こんにちは。この病院は初めてなのですが、どこで受付をすればいいですか？"
    }
  },
  {
    "order": 2,
    "speaker": "partner",
    "text": "您可以在这边的自助机上挂号，也可以去人工窗口办理。您哪儿不舒服？",
    "translations": {
      "en": "You can register at the self-service machines over here, or at a staffed counter. What seems to be the problem?",
      "ja": "こちらの自動受付機でも、有人窓口でも受付できますよ。どうされましたか？"
    }
  },
  {
    "order": 3,
    "speaker": "learner",
    "text": "我这两天一直拉肚子，还有点儿发烧，浑身没劲儿。",
    "alternatives": [
      "我已经腹泻两天了，有点儿低烧，全身没力气。",
      "我拉肚子拉了两天了，体温也有点儿高，感觉特别累。"
    ],
    "translations": {
      "en": "I've had diarrhoea for the past two days, a slight fever, and I feel weak all over.",
      "ja": "この2日ほどずっと下痢が続いていて、少し熱もあり、全身に力が入りません。"
    }
  },
  {
    "order": 4,
    "speaker": "partner",
    "text": "那您挂消化内科吧。您有医保卡或者就诊卡吗？",
    "translations": {
      "en": "Then you should register with gastroenterology. Do you have a medical insurance card or a patient card?",
      "ja": "それでしたら消化器内科で受付してください。医療保険証か診察券はお持ちですか？"
    }
  },
  {
    "order": 5,
    "speaker": "learner",
    "text": "我是外国人，没有医保卡。用护照可以办就诊卡吗？",
    "alternatives": [
      "我是外国游客，没有医保卡。请问能用护照办一张就诊卡吗？",
      "我没有医保卡，我是外国人。护照可以用来办卡吗？"
    ],
    "translations": {
      "en": "I'm a foreigner and don't have a medical insurance card. Can I get a patient card with my passport?",
      "ja": "外国人なので医療保険証はありません。パスポートで診察券を作れますか？"
    }
  },
  {
    "order": 6,
    "speaker": "partner",
    "text": "可以。您去三号窗口，用护照建个档就行。普通号二十块，专家号五十块，您挂哪种？",
    "translations": {
      "en": "Yes. Go to counter 3 and they'll open a patient file with your passport. A regular appointment is 20 yuan and a specialist appointment is 50. Which would you like?",
      "ja": "できますよ。3番窓口でパスポートを使って登録してください。一般外来は20元、専門医外来は50元ですが、どちらにしますか？"
    }
  },
  {
    "order": 7,
    "speaker": "learner",
    "text": "挂普通号就可以。大概要等多久？",
    "alternatives": [
      "普通号就行。请问大概得等多长时间？",
      "我挂普通号。现在要等很久吗？"
    ],
    "translations": {
      "en": "A regular appointment is fine. About how long will I have to wait?",
      "ja": "一般外来で大丈夫です。どのくらい待ちますか？"
    }
  },
  {
    "order": 8,
    "speaker": "partner",
    "text": "现在前面还有十几个人，大概四十分钟左右。屏幕上叫到您的号，您就去二楼五号诊室。",
    "translations": {
      "en": "There are a dozen or so people ahead of you, so about forty minutes. When your number comes up on the screen, go to consulting room 5 on the second floor.",
      "ja": "今、前に10数人いるので、40分くらいですね。画面に番号が表示されたら、2階の5番診察室に行ってください。"
    }
  },
  {
    "order": 9,
    "speaker": "learner",
    "text": "明白了。我现在有点儿想吐，要是等的时候更难受了，可以找谁？",
    "alternatives": [
      "好的。如果等的时候觉得更不舒服，可以找谁帮忙？",
      "知道了。万一等着等着突然很难受，应该找谁？"
    ],
    "translations": {
      "en": "I see. I'm feeling a bit nauseous now — if I feel worse while I'm waiting, who should I ask for help?",
      "ja": "わかりました。今少し吐き気があるのですが、待っている間にもっと具合が悪くなったら、誰に言えばいいですか？"
    }
  },
  {
    "order": 10,
    "speaker": "partner",
    "text": "您直接来分诊台找护士就行，千万别硬撑着。先去那边坐一会儿，多喝点儿温水。",
    "translations": {
      "en": "Just come straight to the triage desk and find a nurse — don't try to tough it out. Go and sit down over there for now, and drink some warm water.",
      "ja": "そのままトリアージ窓口の看護師に声をかけてください。絶対に無理はしないでくださいね。まずはあちらに座って、温かいお湯を少しずつ飲んでください。"
    }
  }
]$json$::jsonb,
  $json${
  "en": [
    "In China most people go straight to a hospital's outpatient department instead of a family doctor. You first register (挂号 guàhào) for a specific department, and many hospitals also let you book in advance through their WeChat account.",
    "You can usually choose between a regular appointment (普通号) and a more expensive one with a senior specialist (专家号). Foreign patients without Chinese health insurance pay out of pocket, so keep receipts for your travel insurance.",
    "Doctors are addressed as 医生 or, more colloquially, 大夫 (dàifu), and nurses as 护士. Use 您 with medical staff."
  ],
  "ja": [
    "中国ではかかりつけ医ではなく、病院の外来に直接行くのが一般的です。まず診療科を指定して受付（挂号 guàhào）をします。多くの病院では、WeChatの公式アカウントから事前に予約することもできます。",
    "通常、一般外来（普通号）と、料金の高いベテラン専門医の外来（专家号）から選べます。中国の医療保険に加入していない外国人は全額自己負担になるので、旅行保険の請求に備えて領収書を保管しておきましょう。",
    "医師は「医生」、口語では「大夫（dàifu）」、看護師は「护士」と呼びます。医療スタッフには「您」を使いましょう。"
  ]
}$json$::jsonb,
  $json$[
  {
    "term": "挂号",
    "reading": "guàhào",
    "meaning": {
      "en": "to register (at a hospital)",
      "ja": "（病院で）受付をする"
    }
  },
  {
    "term": "拉肚子",
    "reading": "lā dùzi",
    "meaning": {
      "en": "to have diarrhoea",
      "ja": "下痢をする、お腹を壊す"
    }
  },
  {
    "term": "发烧",
    "reading": "fāshāo",
    "meaning": {
      "en": "to have a fever",
      "ja": "熱が出る"
    }
  },
  {
    "term": "消化内科",
    "reading": "xiāohuà nèikē",
    "meaning": {
      "en": "gastroenterology (department)",
      "ja": "消化器内科"
    }
  },
  {
    "term": "就诊卡",
    "reading": "jiùzhěnkǎ",
    "meaning": {
      "en": "patient card (hospital ID card)",
      "ja": "診察券"
    }
  },
  {
    "term": "专家号",
    "reading": "zhuānjiāhào",
    "meaning": {
      "en": "appointment with a senior specialist",
      "ja": "専門医外来の受付（番号）"
    }
  },
  {
    "term": "分诊台",
    "reading": "fēnzhěntái",
    "meaning": {
      "en": "triage desk",
      "ja": "トリアージ窓口（診療科の振り分け受付）"
    }
  },
  {
    "term": "硬撑",
    "reading": "yìngchēng",
    "meaning": {
      "en": "to force oneself to endure, to tough it out",
      "ja": "無理をして我慢する"
    }
  }
]$json$::jsonb,
  'medical',
  array['hospital','registration','symptoms','healthcare','patient'],
  null,
  true
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;

-- 24: zh / academic / thesis_proposal_meeting (difficulty 9)
insert into public.conversation_scripts (id, title, description, language_pair, scenario, difficulty_level, estimated_duration_minutes, script_segments, cultural_notes, vocabulary_focus, category, tags, specialization, is_premium) values (
  '5c000000-0000-4000-8000-000000000024',
  '与导师讨论开题报告',
  'Discuss your thesis proposal with your supervisor, defending your research design and responding to criticism with nuanced, respectful Mandarin.',
  $json${
  "target": "zh"
}$json$::jsonb,
  'thesis_proposal_meeting',
  9,
  12,
  $json$[
  {
    "order": 1,
    "speaker": "partner",
    "text": "你的开题报告我看过了。选题挺有意思，但研究问题还不够聚焦。你自己怎么看？",
    "translations": {
      "en": "I've read your thesis proposal. The topic is quite interesting, but the research question isn't focused enough yet. What do you think?",
      "ja": "君の開題報告書（研究計画書）を読んだよ。テーマはなかなか面白いけれど、リサーチクエスチョンがまだ十分に絞り込めていないね。自分ではどう思う？"
    }
  },
  {
    "order": 2,
    "speaker": "learner",
    "text": "谢谢老师百忙之中抽空看我的报告。您说得对，我也意识到摊子铺得太大了，打算把重点放在短视频平台对农村老年人获取信息的影响上。",
    "alternatives": [
      "感谢老师抽时间看报告。确实，我也觉得题目有点儿大，想集中研究短视频对农村老年人获取信息方式的影响。",
      "谢谢老师的意见，您说得很对。我准备缩小范围，只研究短视频平台如何影响农村老年人获取信息。"
    ],
    "translations": {
      "en": "Thank you for taking the time to read my proposal despite your busy schedule. You're right — I've realised I bit off more than I could chew. I plan to focus on how short-video platforms affect the way older people in rural areas get information.",
      "ja": "お忙しい中、報告書に目を通していただきありがとうございます。おっしゃる通りで、私も手を広げすぎたと感じています。ショート動画プラットフォームが農村の高齢者の情報入手に与える影響に焦点を絞るつもりです。"
    }
  },
  {
    "order": 3,
    "speaker": "partner",
    "text": "这样就清楚多了。不过你原来打算用问卷调查，样本从哪儿来？让农村老年人填问卷可不容易。",
    "translations": {
      "en": "That's much clearer. But you were planning to use a questionnaire — where will your sample come from? Getting older people in the countryside to fill in questionnaires is no easy task.",
      "ja": "それならずっと明確になるね。でも、アンケート調査をするつもりだったよね。サンプルはどこから集めるの？農村の高齢者にアンケートに答えてもらうのは簡単じゃないよ。"
    }
  },
  {
    "order": 4,
    "speaker": "learner",
    "text": "这一点我确实考虑过。我打算改成以半结构化访谈为主、问卷为辅，通过老家的村委会联系受访者，先做一轮小规模的预调研。",
    "alternatives": [
      "这个问题我想过。我准备主要做半结构化访谈，问卷只作为补充，通过我老家的村委会联系受访者，正式调研前先做个小范围的预调研。",
      "我也担心这一点，所以想以访谈为主、问卷为辅。我会请老家村委会帮忙联系受访者，并先做一次小规模的试调研。"
    ],
    "translations": {
      "en": "I have thought about that. I plan to switch to mainly semi-structured interviews, with questionnaires as a supplement, reach interviewees through the village committee in my hometown, and start with a small-scale pilot study.",
      "ja": "その点は確かに考えていました。半構造化インタビューを中心にし、アンケートは補助的に使うように変えるつもりです。地元の村民委員会を通じて協力者に連絡を取り、まず小規模な予備調査を行います。"
    }
  },
  {
    "order": 5,
    "speaker": "partner",
    "text": "思路可以。但访谈样本小，代表性肯定会受到质疑，答辩的时候老师们一定会抓住这一点不放。",
    "translations": {
      "en": "The approach is fine. But with a small interview sample, its representativeness will certainly be questioned — at your defence the committee will seize on that point and not let go.",
      "ja": "考え方はいいね。ただ、インタビューはサンプルが少ないから、代表性は必ず疑問視される。審査のときに先生方はきっとそこを突いてくるよ。"
    }
  },
  {
    "order": 6,
    "speaker": "learner",
    "text": "老师提醒得是。我想在论文里把研究定位为探索性的个案研究，不追求统计意义上的代表性，同时在研究局限部分把这一点交代清楚。",
    "alternatives": [
      "您提醒得对。我会把它定位成探索性的个案研究，不强调统计上的代表性，并在局限性部分说明清楚。",
      "是的，这一点我会注意。我打算明确说明这是一项探索性个案研究，并在论文的局限部分坦诚地讨论样本问题。"
    ],
    "translations": {
      "en": "Thank you for pointing that out. In the thesis I'll position the study as an exploratory case study that doesn't aim for statistical representativeness, and I'll make this clear in the limitations section.",
      "ja": "ご指摘ありがとうございます。論文では本研究を探索的な事例研究と位置づけて統計的な代表性は求めず、あわせて研究の限界の部分でその点をきちんと説明するつもりです。"
    }
  },
  {
    "order": 7,
    "speaker": "partner",
    "text": "嗯，这样说得通。文献综述呢？国外的研究你看了多少？",
    "translations": {
      "en": "Hmm, that makes sense. What about the literature review? How much of the international research have you read?",
      "ja": "うん、それなら筋は通る。文献レビューはどう？海外の研究はどのくらい読んだ？"
    }
  },
  {
    "order": 8,
    "speaker": "learner",
    "text": "说实话，英文文献我只读了十几篇，还不够系统。能不能请老师推荐几篇经典的，我好顺藤摸瓜往下找？",
    "alternatives": [
      "不瞒您说，英文文献我才看了十几篇，还比较零散。老师能不能给我推荐几篇有代表性的，我再顺着参考文献往下找？",
      "老实说，国外文献我读得还不多，也不太系统。想请老师推荐几篇经典文献，我好以此为线索继续查找。"
    ],
    "translations": {
      "en": "To be honest, I've only read a dozen or so English-language papers, and not very systematically. Could you recommend a few classic ones, so I can follow the trail from there?",
      "ja": "正直に申しますと、英語の文献はまだ10数本しか読んでおらず、体系的とは言えません。先生に代表的な文献をいくつかご推薦いただけないでしょうか。そこから芋づる式に探していきたいと思います。"
    }
  },
  {
    "order": 9,
    "speaker": "partner",
    "text": "行，我回头把书单发到你邮箱。下个月中旬之前把修改稿交给我，别拖。",
    "translations": {
      "en": "Okay, I'll email you a reading list later. Get the revised draft to me by the middle of next month — don't put it off.",
      "ja": "いいよ、あとで文献リストをメールで送る。来月中旬までに修正稿を出しなさい。先延ばしにしないようにね。"
    }
  },
  {
    "order": 10,
    "speaker": "learner",
    "text": "好的，一定按时交。那我就不多打扰您了，谢谢老师！",
    "alternatives": [
      "明白，我一定抓紧时间改。那就不耽误您了，谢谢老师！",
      "好的，下个月中旬之前我一定交。不打扰您了，谢谢老师指导！"
    ],
    "translations": {
      "en": "Understood, I'll definitely hand it in on time. I won't take up any more of your time — thank you!",
      "ja": "わかりました、必ず期限までに提出します。これ以上お邪魔してはいけないので、これで失礼します。ありがとうございました！"
    }
  }
]$json$::jsonb,
  $json${
  "en": [
    "Students address their supervisor as 老师 (导师 is used when talking about them) and use the respectful 您; supervisors normally use 你 with students.",
    "At Chinese universities the thesis proposal (开题报告) is a formal stage, usually reviewed by a committee at a proposal defence (开题答辩) before the research properly begins.",
    "Accepting criticism first with phrases like 您说得对 or 老师提醒得是, and only then explaining your plan, comes across as respectful; flatly contradicting a supervisor sounds confrontational."
  ],
  "ja": [
    "学生は指導教員を「老师」と呼び（第三者に話すときは「导师」とも言います）、丁寧な「您」を使います。指導教員は通常、学生に「你」を使います。",
    "中国の大学では開題報告（开题报告、研究計画書）が正式な段階として位置づけられており、本格的に研究を始める前に開題審査（开题答辩）で委員会の審査を受けるのが一般的です。",
    "まず「您说得对」「老师提醒得是」のように指摘を受け止めてから自分の計画を説明すると、敬意のある態度と受け取られます。指導教員の意見を真っ向から否定すると、対立的に聞こえます。"
  ]
}$json$::jsonb,
  $json$[
  {
    "term": "开题报告",
    "reading": "kāití bàogào",
    "meaning": {
      "en": "thesis proposal",
      "ja": "開題報告（研究計画書）"
    }
  },
  {
    "term": "聚焦",
    "reading": "jùjiāo",
    "meaning": {
      "en": "to focus (on)",
      "ja": "焦点を絞る"
    }
  },
  {
    "term": "摊子铺得太大",
    "reading": "tānzi pū de tài dà",
    "meaning": {
      "en": "to spread oneself too thin, to take on too much",
      "ja": "手を広げすぎる"
    }
  },
  {
    "term": "半结构化访谈",
    "reading": "bàn jiégòuhuà fǎngtán",
    "meaning": {
      "en": "semi-structured interview",
      "ja": "半構造化インタビュー"
    }
  },
  {
    "term": "代表性",
    "reading": "dàibiǎoxìng",
    "meaning": {
      "en": "representativeness",
      "ja": "代表性"
    }
  },
  {
    "term": "答辩",
    "reading": "dábiàn",
    "meaning": {
      "en": "(thesis) defence",
      "ja": "口頭審査、論文審査"
    }
  },
  {
    "term": "文献综述",
    "reading": "wénxiàn zōngshù",
    "meaning": {
      "en": "literature review",
      "ja": "文献レビュー、先行研究の整理"
    }
  },
  {
    "term": "顺藤摸瓜",
    "reading": "shùn téng mō guā",
    "meaning": {
      "en": "to follow a lead to its source (lit. follow the vine to find the melon)",
      "ja": "手がかりをたどって芋づる式に探す（直訳：つるをたどって瓜を探す）"
    }
  }
]$json$::jsonb,
  'academic',
  array['university','thesis','supervisor','research_methods','advanced'],
  null,
  true
) on conflict (id) do update set title = excluded.title, description = excluded.description, language_pair = excluded.language_pair, scenario = excluded.scenario, difficulty_level = excluded.difficulty_level, estimated_duration_minutes = excluded.estimated_duration_minutes, script_segments = excluded.script_segments, cultural_notes = excluded.cultural_notes, vocabulary_focus = excluded.vocabulary_focus, category = excluded.category, tags = excluded.tags, specialization = excluded.specialization, is_premium = excluded.is_premium;
