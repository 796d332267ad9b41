"""Questionnaire definition: harmonized questions, the 2025 wave's codes and the 2023 wave's codes.

Harmonized ids follow docs/architecture.md. Japanese labels are taken from the report text where it prints
them; every label or option the report does not print is marked `ASSUMPTION:` in the option notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

A = "ASSUMPTION: "
UNPRINTED = A + "option not printed in the report; label chosen for the reconstruction."


@dataclass(frozen=True)
class Opt:
    id: str
    ja: str
    en: str
    trend: str = ""  # trend_option_id when it differs from id
    exclusive: bool = False
    score: int | None = None
    domain: str = ""
    note: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # single | multi | rating | coded_text
    ja: str
    en: str
    chart: str
    options: tuple[Opt, ...]
    group: str = ""
    item: str = ""
    base: str = ""
    max_sel: int | None = None
    note: str = ""


@dataclass(frozen=True)
class WaveQuestion:
    """A question as one wave asked it: its own code and its own option codes."""

    code: str
    q: Question
    option_codes: tuple[str, ...] = field(default=())

    def code_of(self, option_id: str) -> str:
        for o, c in zip(self.q.options, self.option_codes, strict=True):
            if o.id == option_id:
                return c
        raise KeyError(option_id)

    def column_names(self) -> list[str]:
        if self.q.type == "multi":
            return [f"{self.code}_{c}" for c in self.option_codes]
        return [self.code]


def _o(id_: str, ja: str, en: str, **kw: object) -> Opt:
    return Opt(id_, ja, en, **kw)  # type: ignore[arg-type]


def _u(id_: str, ja: str, en: str, **kw: object) -> Opt:
    """An option whose label the report does not print."""
    return Opt(id_, ja, en, note=UNPRINTED, **kw)  # type: ignore[arg-type]


def _rating(labels: list[tuple[str, str]] | None = None, note: str = "") -> tuple[Opt, ...]:
    if labels is None:
        labels = [
            ("1（非常に低い）", "1 (very low)"),
            ("2", "2"),
            ("3", "3"),
            ("4", "4"),
            ("5（非常に高い）", "5 (very high)"),
        ]
    return tuple(Opt(str(i + 1), ja, en, score=i + 1, note=note) for i, (ja, en) in enumerate(labels))


# --------------------------------------------------------------------------------------------
# channel value domain (shared by channels_used, channels_top_volume, invest_channels, self-service)
CHANNELS: dict[str, tuple[str, str, bool]] = {
    # id: (ja, en, printed)
    "email": ("Eメール", "Email", True),
    "phone": ("電話", "Phone", True),
    "live_chat": ("チャット（有人）", "Live chat", False),
    "chatbot": ("チャットボット", "Chatbot", True),
    "ai_agent_chat": ("AIエージェントを活用したチャット", "AI-agent chat", True),
    "social_media": ("ソーシャルメディア", "Social media", True),
    "outbound_sms": ("外部発信SMS", "Outbound SMS", True),
    "outbound_email": ("外部発信Eメール", "Outbound email", True),
    "video_call": ("ビデオ通話", "Video call", True),
    "mobile_app": ("モバイルアプリ", "Mobile app", True),
    "customer_portal": ("カスタマーポータル", "Customer portal", True),
    "web": ("WEB", "Website", True),
    "application_form": ("申請フォーマット", "Application form", True),
    "digital_assistant": ("デジタルアシスタント", "Digital assistant", True),
    "voicebot": ("ボイスボット", "Voicebot", True),
}


def _ch(id_: str) -> Opt:
    ja, en, printed = CHANNELS[id_]
    return Opt(id_, ja, en, domain="channel", note="" if printed else UNPRINTED)


def _none(ja: str = "該当なし", en: str = "None", note: str = "") -> Opt:
    return Opt("none", ja, en, exclusive=True, note=note)


AI_CAPABILITIES: list[tuple[str, str, str, bool]] = [
    ("suggest_best_answer", "最適な回答の提案", "Suggest the best answer", True),
    ("chatbot", "チャットボット", "Chatbot", True),
    ("summarise_request", "顧客のリクエストの要約", "Summarise the customer request", True),
    ("sentiment_analysis", "感情分析", "Sentiment analysis", True),
    ("voice_analytics", "音声データ分析", "Voice data analytics", True),
    ("next_best_action", "推奨（NBA・NBO）", "Recommendation (next best action / offer)", True),
    ("image_processing", "画像処理", "Image processing", True),
    ("voicebot", "ボイスボット", "Voicebot", True),
    ("text_to_speech", "Text-to-Speech（テキストを自然な音声に変換）", "Text-to-speech", True),
    ("knowledge_assist", "従業員に対する知識関連の支援", "Knowledge support for agents", True),
    ("ai_agent_chat", "AIエージェントを活用したチャット", "AI-agent chat", True),
]

AI_KPIS: list[tuple[str, str, str]] = [
    ("resolution_time", "解決時間", "Resolution time"),
    ("customer_satisfaction", "顧客満足度", "Customer satisfaction"),
    ("cost", "コスト", "Cost"),
    ("employee_satisfaction", "従業員満足度", "Employee satisfaction"),
    ("case_avoidance", "事案回避", "Case avoidance"),
    ("revenue", "売上高", "Revenue"),
]

GENAI_USER_OPTIONS = ("internal_only", "external_only", "internal_and_external")
SELF_SERVICE_OFFERED = ("web", "customer_portal", "chatbot", "ai_agent_chat", "mobile_app", "voicebot")


def harmonized_questions() -> list[Question]:
    """All harmonized questions in 2025 questionnaire order (grid rows expanded)."""
    qs: list[Question] = []
    qs.append(
        Question(
            "company_size",
            "single",
            "回答者の企業規模（従業員数）",
            "Company size (employees)",
            "G1",
            (
                _o("lt100", "100人未満", "Fewer than 100"),
                _o("100_499", "100人以上499人以下", "100-499"),
                _o("500_5000", "500人以上5000人以下", "500-5,000"),
                _o("gt5000", "5001人以上", "More than 5,000"),
            ),
        )
    )
    qs.append(
        Question(
            "cs_team_size",
            "single",
            "カスタマーサービスチームの規模",
            "Customer service team size",
            "G2",
            (
                _o("le49", "49人以下", "49 or fewer"),
                _o("50_99", "50人以上99人以下", "50-99"),
                _o("100_499", "100人以上499人以下", "100-499"),
                _o("500plus", "500人以上", "500 or more"),
            ),
        )
    )
    qs.append(
        Question(
            "customer_segment",
            "single",
            "顧客セグメント",
            "Customer segment",
            "G3",
            (
                _o("b2b_b2c", "B2BとB2C", "B2B and B2C"),
                _o("b2b", "B2B", "B2B"),
                _o("b2c", "B2C", "B2C"),
            ),
        )
    )
    qs.append(
        Question(
            "industry",
            "single",
            "業界",
            "Industry",
            "G4",
            (
                _o("telecom", "通信業", "Telecommunications"),
                _o("transport_logistics", "運輸・物流業", "Transport and logistics"),
                _o("energy", "エネルギー業", "Energy"),
                _o("consumer_goods_retail", "消費財・小売業", "Consumer goods and retail"),
                _o("insurance", "保険業", "Insurance"),
                _o("manufacturing", "製造業", "Manufacturing"),
                _o("public_sector", "公共機関", "Public sector"),
                _o("finance", "金融業", "Finance"),
                _o(
                    "automotive",
                    "自動車業",
                    "Automotive",
                    note=A + "not in graph 6; the text mentions the automotive industry (G26, G28).",
                ),
                _u("other", "その他", "Other"),
            ),
            note=A
            + "graph 4's industry list is not printed; the eight industries of graph 6 plus automotive "
            "(named in the text) and other.",
        )
    )
    for qid, ja, en in (
        (
            "cx_score",
            "カスタマーエクスペリエンス（CX）の評価（5段階、顧客満足度）",
            "Customer experience (CX) rating, 1-5",
        ),
        (
            "ex_score",
            "従業員エクスペリエンス（EX）の評価（5段階、従業員満足度）",
            "Employee experience (EX) rating, 1-5",
        ),
        (
            "ox_score",
            "オペレーショナルエクセレンス（OX）の評価（5段階、業務効率）",
            "Operational excellence (OX) rating, 1-5",
        ),
    ):
        qs.append(
            Question(
                qid,
                "rating",
                ja,
                en,
                "overall",
                _rating(),
                note=A + "integer answers 1-5; scale anchors not printed.",
            )
        )
    qs.append(
        Question(
            "ai_use",
            "single",
            "カスタマーサービスにおけるAIの利用有無",
            "Does customer service use AI?",
            "G5",
            (_o("yes", "AIを利用している", "Uses AI"), _o("no", "AIを利用していない", "Does not use AI")),
        )
    )
    cap_opts = (
        _o("using", "活用中", "Using"),
        _o("using_and_investing", "活用中かつ投資予定", "Using and planning investment"),
        _o("planning_investment", "投資予定", "Planning investment"),
        _o("not_planned", "予定なし（AIの導入は優先事項ではない）", "Not planned (AI is not a priority)"),
    )
    for item, ja, en, _printed in AI_CAPABILITIES:
        qs.append(
            Question(
                f"ai_capability_{item}",
                "single",
                f"AIの活用・投資状況：{ja}",
                f"AI use and investment: {en}",
                "G7",
                cap_opts,
                group="ai_capability",
                item=item,
                note=""
                if item in ("suggest_best_answer", "chatbot", "summarise_request", "sentiment_analysis")
                else A + "row shown in graph 7 or named in the text; its shares are not printed.",
            )
        )
    kpi_opts = (
        _o("positive", "好影響", "Positive impact"),
        _o("no_impact", "影響なし", "No impact"),
        _o("negative", "悪影響", "Negative impact"),
    )
    for item, ja, en in AI_KPIS:
        qs.append(
            Question(
                f"ai_kpi_impact_{item}",
                "single",
                f"カスタマーサービスの指標に対するAIの影響：{ja}",
                f"Impact of AI on customer-service KPI: {en}",
                "T1",
                kpi_opts,
                group="ai_kpi_impact",
                item=item,
                base="ai_use=yes",
            )
        )
    qs.append(
        Question(
            "genai_purpose",
            "single",
            "生成AIの利用目的",
            "Purpose of generative AI use",
            "G8",
            (
                _o("internal_only", "組織内活用のみ", "Internal use only"),
                _u("external_only", "顧客向け（社外）活用のみ", "Customer-facing use only"),
                _u("internal_and_external", "社内外で活用", "Internal and customer-facing use"),
                _u("not_using", "生成AIを利用していない", "Not using generative AI"),
            ),
            note=A + "the 34 % 'internal only' is read as a share of all respondents (the largest of the "
            "purposes); GenAI users are a subset of AI users.",
        )
    )
    qs.append(
        Question(
            "genai_implementation",
            "single",
            "生成AI機能の実装方法",
            "How generative AI is implemented",
            "G9",
            (
                _o("integrated_stack", "現在の技術スタックに統合", "Integrated in the current tech stack"),
                _o("platform_vendor", "プラットフォームベンダーのソリューション", "Platform vendor solution"),
                _u("in_house", "自社開発", "Built in-house"),
                _u("partner", "外部パートナーとの共同開発", "Co-developed with an external partner"),
                _u("other", "その他", "Other"),
            ),
            base="genai_purpose=" + "|".join(GENAI_USER_OPTIONS),
            note=A + "asked of generative-AI users; shares of graph 9 read on that base.",
        )
    )
    qs.append(
        Question(
            "genai_challenges",
            "multi",
            "生成AIソリューションの実装における主な課題",
            "Main challenges implementing generative AI",
            "G10",
            (
                _o("lack_of_strategy", "戦略の欠如", "Lack of strategy"),
                _o("compliance", "コンプライアンス課題", "Compliance"),
                _o("lack_of_skills", "スキル不足", "Lack of skills"),
                _u("cost", "コスト", "Cost"),
                _u("data_quality", "データ品質", "Data quality"),
                _u("integration", "既存システムとの統合", "Integration with existing systems"),
                _none("特になし", "No challenges", note=UNPRINTED),
            ),
            note=A + "asked of all respondents; only the ranking of the top three is printed.",
        )
    )
    qs.append(
        Question(
            "contact_reasons",
            "multi",
            "カスタマーサービスに問い合わせる理由",
            "Why customers contact customer service",
            "G11",
            (
                _o("report_problem", "製品・サービスに関する問題の報告", "Report a product/service problem"),
                _o("order_delivery", "注文または配送に関する問題", "Order or delivery issue"),
                _o(
                    "complaint",
                    "製品・サービス・会社に関する苦情",
                    "Complaint about product, service or company",
                ),
                _o("information_request", "製品・サービス情報の要求", "Product/service information request"),
                _o("case_status", "案件の状況確認", "Case status"),
                _u("billing", "請求・支払いに関する問い合わせ", "Billing and payment"),
                _u("account_change", "契約・登録情報の変更", "Contract or account change"),
                _u("other", "その他", "Other"),
            ),
        )
    )
    ch_used = (
        "email",
        "phone",
        "live_chat",
        "chatbot",
        "ai_agent_chat",
        "social_media",
        "outbound_sms",
        "outbound_email",
        "video_call",
        "mobile_app",
        "customer_portal",
        "web",
        "application_form",
        "digital_assistant",
        "voicebot",
    )
    qs.append(
        Question(
            "channels_used",
            "multi",
            "カスタマーサービスで利用されるチャネル",
            "Channels used in customer service",
            "G12",
            tuple(_ch(c) for c in ch_used),
        )
    )
    qs.append(
        Question(
            "channels_top_volume",
            "multi",
            "問い合わせ件数上位4チャネル",
            "Top four channels by contact volume",
            "G13",
            tuple(_ch(c) for c in ch_used),
            max_sel=4,
            note=A + "respondents pick up to four of the channels they use; no shares printed.",
        )
    )
    qs.append(
        Question(
            "self_service_actions",
            "multi",
            "提供されるセルフサービスソリューションで顧客が実行しやすいアクション",
            "Actions customers can complete in self-service",
            "G14",
            (
                _o(
                    "resolve_without_agent",
                    "担当者の手を介さず問い合わせを解決",
                    "Resolve the enquiry without an agent",
                ),
                _o(
                    "offer_product_actions",
                    "オファー、製品、またはサービスに関するアクション",
                    "Offer, product or service actions",
                ),
                _o("download_invoices", "請求書や複製書類のダウンロード", "Download invoices or duplicates"),
                _u("update_personal_data", "個人情報の変更", "Update personal data"),
                _u("track_order", "注文・配送状況の確認", "Track an order or delivery"),
                _u("book_appointment", "予約・日程調整", "Book an appointment"),
                _none("セルフサービスを提供していない", "No self-service offered", note=UNPRINTED),
            ),
        )
    )
    qs.append(
        Question(
            "self_service_solutions",
            "multi",
            "顧客に提供しているセルフサービスソリューション",
            "Self-service solutions offered to customers",
            "G15",
            (
                _ch("web"),
                _ch("customer_portal"),
                _ch("chatbot"),
                replace(
                    _ch("ai_agent_chat"),
                    trend="chatbot",
                    note="Split option: 2023 'chatbot' covered AI-agent chat (shared trend id 'chatbot').",
                ),
                _ch("mobile_app"),
                Opt("voicebot", "ボイスボット・IVR", "Voicebot / IVR", domain="channel", note=UNPRINTED),
                _none("提供していない", "None offered"),
            ),
        )
    )
    ss_base = "self_service_solutions=" + "|".join(SELF_SERVICE_OFFERED)
    qs.append(
        Question(
            "ss_usage_change",
            "single",
            "顧客のセルフサービスソリューションの利用頻度（前年度との比較）",
            "Change in customers' self-service usage versus the previous year",
            "G16",
            (
                _o("significant_decrease", "大幅に減少", "Decreased significantly"),
                _o("slight_decrease", "わずかに減少", "Decreased slightly"),
                _o("no_change", "変化なし", "No change"),
                _o("slight_increase", "わずかに増加", "Increased slightly"),
                _o("significant_increase", "大幅に増加", "Increased significantly"),
            ),
            base=ss_base,
            note=A + "asked of organisations that offer self-service (graph 15 not 'none').",
        )
    )
    qs.append(
        Question(
            "ss_fit",
            "single",
            "セルフサービス機能と顧客の需要との適合度合",
            "Fit of self-service to customer demand",
            "G17",
            (
                _o("very_insufficient", "非常に不十分", "Very insufficient"),
                _o("insufficient", "不十分", "Insufficient"),
                _o("average", "平均的", "Average"),
                _u("sufficient", "十分", "Sufficient"),
                _o("very_sufficient", "非常に十分", "Very sufficient"),
            ),
            base=ss_base,
            note=A + "asked of organisations that offer self-service (graph 15 not 'none').",
        )
    )
    qs.append(
        Question(
            "customer_priority",
            "single",
            "顧客が最も重視すること",
            "What customers value most",
            "G18",
            (
                _o(
                    "first_contact_resolution", "ファーストコンタクトでの問題解決", "First-contact resolution"
                ),
                _o(
                    "self_service_end_to_end",
                    "セルフサービスによるエンドツーエンドの問題解決",
                    "End-to-end self-service resolution",
                ),
                _o("personalised_service", "パーソナライズされたサービス", "Personalised service"),
                _u("fast_response", "迅速な対応", "Fast response"),
                _u("always_available", "いつでも利用できるチャネル", "Always-available channels"),
            ),
        )
    )
    inv = (
        "digital_assistant",
        "mobile_app",
        "chatbot",
        "customer_portal",
        "email",
        "application_form",
        "outbound_sms",
        "live_chat",
        "ai_agent_chat",
        "voicebot",
        "social_media",
        "video_call",
        "phone",
    )
    qs.append(
        Question(
            "invest_channels",
            "multi",
            "投資を優先しているチャネル",
            "Channels prioritised for investment",
            "G19",
            (*tuple(_ch(c) for c in inv), _none("特になし", "None", note=UNPRINTED)),
        )
    )
    qs.append(
        Question(
            "upsell_difficulty",
            "single",
            "既存のデジタルチャネルを通じたクロスセルおよびアップセルの難易度",
            "Difficulty of cross- and upselling through existing digital channels",
            "G20",
            (
                _o("difficult", "困難", "Difficult"),
                _o("somewhat_difficult", "やや困難", "Somewhat difficult"),
                _o("somewhat_easy", "やや容易", "Somewhat easy"),
                _o("easy", "容易", "Easy"),
            ),
        )
    )
    qs.append(
        Question(
            "ai_revenue_impact",
            "single",
            "AIはカスタマーサービスの売上に影響を与えているか",
            "Does AI affect customer-service revenue?",
            "G21",
            (
                _o("positive", "ポジティブなインパクト", "Positive impact"),
                _o("no_impact", "インパクトなし", "No impact"),
                _o("negative", "ネガティブなインパクト", "Negative impact"),
            ),
            base="ai_use=yes",
            note=A
            + "asked of AI users; graph 21 (40/60) equals table 1's revenue row (40 positive, 52 none, "
            "8 negative), so the reconstruction gives each AI user the same answer in both.",
        )
    )
    qs.append(
        Question(
            "cost_opportunity",
            "coded_text",
            "カスタマーサービスにおけるコスト効率を改善する主な機会（自由回答）",
            "Main opportunity to improve cost efficiency (open answer, coded)",
            "G22",
            (
                _o("customer_experience", "カスタマーエクスペリエンス", "Customer experience"),
                _o("internal_strategy", "内部戦略", "Internal strategy"),
                _o("ai", "AI", "AI"),
                _o("process_automation", "プロセスの自動化", "Process automation"),
                _o("dont_know", "わからない", "Don't know"),
            ),
            note=A
            + "free text coded into one category. Graph 22 prints 27/23/23/16/11 % without fixing which "
            "of CX, internal strategy, AI and process automation gets which; 'nearly half name AI or process "
            "automation' is met with AI 23 % + process automation 23 % = 46 %, CX 27 %, "
            "internal strategy 16 %.",
        )
    )
    qs.append(
        Question(
            "perf_criteria",
            "multi",
            "チームと従業員のパフォーマンスの評価基準",
            "Criteria for evaluating team and employee performance",
            "G23",
            (
                _o("service_quality", "応対サービス品質", "Service quality"),
                _o("time_to_resolution", "問題解決までの時間", "Time to resolution"),
                _o("sales_metrics", "セールス指標", "Sales metrics"),
                _u("customer_satisfaction", "顧客満足度", "Customer satisfaction"),
                _u("productivity", "生産性（処理件数）", "Productivity (handled contacts)"),
                _u("first_contact_resolution", "初回解決率", "First-contact resolution"),
                _none("特になし", "None", note=UNPRINTED),
            ),
        )
    )
    qs.append(
        Question(
            "csat_metrics",
            "multi",
            "顧客満足度の測定に使用される指標",
            "Metrics used to measure customer satisfaction",
            "G24",
            (
                _o("nps", "NPS：ネットプロモータースコア", "NPS (Net Promoter Score)"),
                _o("csat", "C-SAT：顧客満足度", "CSAT (customer satisfaction)"),
                _o("fcr", "FCR：初回解決率", "FCR (first-contact resolution)"),
                _o("ces", "CES：顧客努力指標", "CES (Customer Effort Score)"),
                _u("other", "その他", "Other"),
                _none("顧客満足度を測定していない", "Customer satisfaction not measured"),
            ),
        )
    )
    qs.append(
        Question(
            "analysis_frequency",
            "single",
            "顧客満足度調査結果の分析頻度",
            "How often customer-satisfaction results are analysed",
            "G25",
            (
                _o("real_time", "リアルタイム", "Real time"),
                _o("hourly", "数時間以内", "Within hours"),
                _o("daily", "日次", "Daily"),
                _u("weekly", "週次", "Weekly"),
                _u("monthly", "月次", "Monthly"),
                _u("quarterly_or_less", "四半期ごと以下", "Quarterly or less often"),
            ),
        )
    )
    qs.append(
        Question(
            "ex_survey",
            "single",
            "従業員満足度調査の実施状況",
            "Employee-satisfaction survey practice",
            "G26",
            (
                _o("regular", "定期的に実施している", "Run regularly"),
                _u("irregular", "不定期に実施している", "Run irregularly"),
                _u("none", "実施していない", "Not run"),
            ),
        )
    )
    qs.append(
        Question(
            "team_satisfaction",
            "single",
            "自らのチームの満足度の評価",
            "Leader's rating of team satisfaction",
            "G26",
            (
                _u("very_dissatisfied", "非常に不満", "Very dissatisfied"),
                _u("dissatisfied", "不満", "Dissatisfied"),
                _u("neutral", "どちらともいえない", "Neutral"),
                _o("satisfied", "満足", "Satisfied"),
                _o("very_satisfied", "非常に満足", "Very satisfied"),
            ),
            base="ex_survey=regular",
        )
    )
    qs.append(
        Question(
            "tool_quality",
            "rating",
            "ツールやインタフェースの品質・カスタマイズ性（5段階）",
            "Quality and customisation of agent tools (1-5)",
            "G27",
            _rating(
                [
                    ("1（悪い）", "1 (poor)"),
                    ("2", "2"),
                    ("3（許容できる）", "3 (acceptable)"),
                    ("4（優れている）", "4 (excellent)"),
                    ("5（優れていて、カスタマイズが行き届いている）", "5 (excellent and customised)"),
                ]
            ),
        )
    )
    qs.append(
        Question(
            "info_access",
            "rating",
            "担当者の情報へのアクセス性（5段階）",
            "Agents' access to information (1-5)",
            "G28",
            _rating(
                [
                    ("1（非常に悪い）", "1 (very poor)"),
                    ("2（悪い）", "2 (poor)"),
                    ("3（中程度）", "3 (moderate)"),
                    ("4（良い）", "4 (good)"),
                    ("5（非常に良い）", "5 (very good)"),
                ]
            ),
        )
    )
    return qs


def questions_by_id() -> dict[str, Question]:
    return {q.id: q for q in harmonized_questions()}


def _numbered(q: Question, code: str, order: list[str] | None = None) -> WaveQuestion:
    """Option codes 1..k in the given option order (default: the question's order)."""
    if order is not None:
        by_id = {o.id: o for o in q.options}
        q = replace(q, options=tuple(by_id[i] for i in order))
    codes = tuple(o.id if q.type == "rating" else str(i + 1) for i, o in enumerate(q.options))
    return WaveQuestion(code, q, codes)


def wave_2025() -> list[WaveQuestion]:
    """2025 questionnaire: Q1.., grid rows Q9_1.., options numbered 1..k (ratings: 1..5)."""
    out: list[WaveQuestion] = []
    n = 0
    grid_idx: dict[str, tuple[int, int]] = {}
    for q in harmonized_questions():
        if q.group:
            if q.group not in grid_idx:
                n += 1
                grid_idx[q.group] = (n, 0)
            num, k = grid_idx[q.group]
            grid_idx[q.group] = (num, k + 1)
            out.append(_numbered(q, f"Q{num}_{k + 1}"))
        else:
            n += 1
            out.append(_numbered(q, f"Q{n}"))
    return out


# --------------------------------------------------------------------------------------------
# 2023 wave: a subset, its own codes (A01..), some options merged, relabelled or absent.

WAVE_2023_ONLY_NOTE = (
    A + "the 2023 questionnaire is not published; the 2023 wave is a subset of the 2025 questions under its "
    "own codes (A01..), reconstructed from the few 2023 figures the 2025 report prints."
)

QUESTIONS_2023 = [
    "company_size",
    "cs_team_size",
    "customer_segment",
    "industry",
    "cx_score",
    "ex_score",
    "ox_score",
    "ai_use",
    "ai_capability_suggest_best_answer",
    "ai_capability_chatbot",
    "ai_capability_summarise_request",
    "ai_capability_sentiment_analysis",
    "ai_capability_voice_analytics",
    "ai_capability_next_best_action",
    "contact_reasons",
    "channels_used",
    "self_service_actions",
    "self_service_solutions",
    "customer_priority",
    "invest_channels",
    "perf_criteria",
    "csat_metrics",
    "analysis_frequency",
    "ex_survey",
    "team_satisfaction",
    "tool_quality",
    "info_access",
]


def _wave_2023_question(q: Question) -> Question:
    """Apply the 2023 differences to a harmonized question."""
    if q.id in ("channels_used", "invest_channels"):
        # 2023 had no AI-agent chat; 'social media' was labelled 'social networks (SNS)'.
        opts = []
        for o in q.options:
            if o.id == "ai_agent_chat":
                continue
            if o.id == "social_media":
                o = replace(
                    o,
                    ja="ソーシャルネットワーク（SNS）",
                    en="Social networks",
                    note=A
                    + "relabelled option: 2023 label 'social networks (SNS)', 2025 'social media'; same "
                    "option_id.",
                )
            opts.append(o)
        return replace(q, options=tuple(opts))
    if q.id == "self_service_solutions":
        # 2023 'chatbot' covered what 2025 splits into 'chatbot' and 'ai_agent_chat'.
        opts = []
        for o in q.options:
            if o.id == "ai_agent_chat":
                continue
            if o.id == "chatbot":
                o = replace(
                    o,
                    ja="チャットボット（AIチャットを含む）",
                    en="Chatbot (incl. AI chat)",
                    trend="chatbot",
                    note=A + "split option: 2023 'chatbot' = 2025 'chatbot' + 'ai_agent_chat' "
                    "(shared trend_option_id 'chatbot').",
                )
            opts.append(o)
        return replace(q, options=tuple(opts))
    if q.id == "industry":
        return q
    return q


def wave_2023() -> list[WaveQuestion]:
    """2023 questionnaire: codes A01.., grid rows A09a.., options numbered in the 2023 order."""
    hq = questions_by_id()
    out: list[WaveQuestion] = []
    n = 0
    letters = "abcdefghij"
    grid_k = 0
    for qid in QUESTIONS_2023:
        q = _wave_2023_question(hq[qid])
        if q.group:
            if grid_k == 0:
                n += 1
            out.append(_numbered(q, f"A{n:02d}{letters[grid_k]}"))
            grid_k += 1
            continue
        grid_k = 0
        n += 1
        order = None
        if qid == "industry":
            # the 2023 list was alphabetical in English: different option codes for the same ids
            order = [*sorted(o.id for o in q.options if o.id != "other"), "other"]
        out.append(_numbered(q, f"A{n:02d}", order))
    return out


def wave_questionnaire(wave_id: str) -> list[WaveQuestion]:
    if wave_id == "2025":
        return wave_2025()
    if wave_id == "2023":
        return wave_2023()
    raise KeyError(wave_id)


# 2025 questions absent from 2023 (documented in the codebook notes and docs/reconstruction.md)
def only_2025() -> list[str]:
    ids_2023 = set(QUESTIONS_2023)
    return [q.id for q in harmonized_questions() if q.id not in ids_2023]
