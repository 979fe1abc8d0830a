"""T47 gap (code review C of the twentieth session): the 镇长's own post as China writes it, 党委副书记、镇长, made
every 书记 in a free name point to him."""
from fazhi_desktop.core import people
from fazhi_desktop.core.indicators import drill, load_catalog_for

ACTOR = "杨芳"
LEADER = "主要负责同志"


def test_a_discipline_secretary_beside_the_party_secretary_is_not_the_unreported_mayor(store):
    people.add_person(store, ACTOR, "马志刚", "党委书记", roles=[LEADER])
    people.add_person(store, ACTOR, "田玉春", "党委副书记、镇长", roles=[LEADER])
    store.save("law_study", {"activity_type": "领导干部述法", "topic": "2025年度领导干部述法",
                             "held_on": "2025-12-20", "reporters": ["马志刚", "纪委书记王军"]}, ACTOR)
    found = drill(store, load_catalog_for(store), "T47", 2025, store.township, "gap")
    assert found.people == [(store.township, "田玉春")]
    # 王军 (纪委书记) is not 田玉春: nothing of this record explains his gap; with title 镇长 alone it is not listed
    assert found.records == []
