//! The parser's table test: real-looking ingredient lines (Korean and English, as recipe sites
//! write them) and what each must read as, plus a few lines the table cannot express.

use super::parse_line;
use crate::ingredients::units::Unit;

/// One line per case, columns separated by " | ":
/// `line | quantity | quantity_max | unit id | food | note [| quantity as written | unit as
/// written]`. `-` stands for none (for `food`: the empty string). Quantities may be written as
/// fractions ("1/3"). Without the last two columns the written forms are only checked to be
/// present exactly when the quantity / unit is.
const TABLE: &str = "
신김치 1/4포기 | 1/4 | - | head | 신김치 | - | 1/4 | 포기
돼지고기 앞다리살 200g | 200 | - | g | 돼지고기 앞다리살 | - | 200 | g
두부 1/2모 | 1/2 | - | block | 두부 | - | 1/2 | 모
두부 1모 | 1 | - | block | 두부 | - | 1 | 모
대파 1대 | 1 | - | stalk | 대파 | - | 1 | 대
양파 1/2개 | 1/2 | - | piece | 양파 | -
청양고추 1개 | 1 | - | piece | 청양고추 | -
고춧가루 1큰술 | 1 | - | tbsp | 고춧가루 | - | 1 | 큰술
다진 마늘 1큰술 | 1 | - | tbsp | 다진 마늘 | -
다진 마늘 1작은술 | 1 | - | tsp | 다진 마늘 | - | 1 | 작은술
국간장 1작은술 | 1 | - | tsp | 국간장 | -
김치 국물 1/2컵 | 1/2 | - | cup | 김치 국물 | - | 1/2 | 컵
쌀뜨물 3컵(600ml) | 3 | - | cup | 쌀뜨물 | 600ml | 3 | 컵
설탕 약간 | - | - | - | 설탕 | 약간
된장 2큰술 | 2 | - | tbsp | 된장 | -
간장 2큰술 | 2 | - | tbsp | 간장 | - | 2 | 큰술
애호박 1/3개 | 1/3 | - | piece | 애호박 | -
감자 1개 | 1 | - | piece | 감자 | -
표고버섯 2개 | 2 | - | piece | 표고버섯 | -
멸치 육수 500ml | 500 | - | ml | 멸치 육수 | - | 500 | ml
고추장 1/2큰술 | 1/2 | - | tbsp | 고추장 | -
두부 반 모 | 1/2 | - | block | 두부 | - | 반 | 모
팽이버섯 1봉지 | 1 | - | pack | 팽이버섯 | - | 1 | 봉지
바지락 1봉(200g) | 1 | - | pack | 바지락 | 200g | 1 | 봉
소고기 불고기용 600g | 600 | - | g | 소고기 불고기용 | -
간장 5큰술 | 5 | - | tbsp | 간장 | -
설탕 2큰술 | 2 | - | tbsp | 설탕 | -
배 1/4개 | 1/4 | - | piece | 배 | -
참기름 1큰술 | 1 | - | tbsp | 참기름 | -
후춧가루 약간 | - | - | - | 후춧가루 | 약간
깨소금 1작은술 | 1 | - | tsp | 깨소금 | -
물엿 1T | 1 | - | tbsp | 물엿 | - | 1 | T
당근 1/3개 | 1/3 | - | piece | 당근 | -
표고버섯 3~4개 | 3 | 4 | piece | 표고버섯 | - | 3~4 | 개
양파 1개, 채 썬 것 | 1 | - | piece | 양파 | 채 썬 것 | 1 | 개
당면 150g | 150 | - | g | 당면 | -
시금치 1/2단 | 1/2 | - | bunch | 시금치 | - | 1/2 | 단
목이버섯 한 줌 | 1 | - | handful | 목이버섯 | - | 한 | 줌
돼지고기 100g (잡채용) | 100 | - | g | 돼지고기 | 잡채용 | 100 | g
빨강 파프리카 1/2개 | 1/2 | - | piece | 빨강 파프리카 | -
식용유 적당량 | - | - | - | 식용유 | 적당량
통깨 조금 | - | - | - | 통깨 | 조금
떡볶이 떡 500g | 500 | - | g | 떡볶이 떡 | -
어묵 2장 | 2 | - | sheet | 어묵 | - | 2 | 장
물 2½컵 | 2.5 | - | cup | 물 | - | 2½ | 컵
삶은 달걀 2개 | 2 | - | piece | 삶은 달걀 | -
대파 1/2대 | 1/2 | - | stalk | 대파 | - | 1/2 | 대
올리고당 2큰술 | 2 | - | tbsp | 올리고당 | -
청양고추 2~3개 | 2 | 3 | piece | 청양고추 | - | 2~3 | 개
생강즙 1작은술 | 1 | - | tsp | 생강즙 | -
맛술 2큰술 | 2 | - | tbsp | 맛술 | -
마른 미역 20g | 20 | - | g | 마른 미역 | -
물 8컵 | 8 | - | cup | 물 | -
물 2컵 | 2 | - | cup | 물 | - | 2 | 컵
달걀 4개 | 4 | - | piece | 달걀 | -
소금 1/3작은술 | 1/3 | - | tsp | 소금 | -
쪽파 2줄기 | 2 | - | stalk | 쪽파 | - | 2 | 줄기
밥 2공기 | 2 | - | bowl | 밥 | - | 2 | 공기
콩나물 한 줌 | 1 | - | handful | 콩나물 | -
달걀 2알 | 2 | - | piece | 달걀 | - | 2 | 알
김 1장 | 1 | - | sheet | 김 | -
닭 1마리(1kg) | 1 | - | piece | 닭 | 1kg | 1 | 마리
마늘 5쪽 | 5 | - | clove | 마늘 | - | 5 | 쪽
생강 1톨 | 1 | - | clove | 생강 | - | 1 | 톨
배추 1포기 | 1 | - | head | 배추 | -
양배추 1/8통 | 1/8 | - | head | 양배추 | - | 1/8 | 통
라면 1봉지 | 1 | - | pack | 라면 | -
참치 1캔 | 1 | - | can | 참치 | - | 1 | 캔
베이컨 3조각 | 3 | - | slice | 베이컨 | - | 3 | 조각
깻잎 10장 | 10 | - | sheet | 깻잎 | -
부추 1묶음 | 1 | - | bunch | 부추 | - | 1 | 묶음
소금 한 꼬집 | 1 | - | pinch | 소금 | - | 한 | 꼬집
시금치 한 움큼 | 1 | - | handful | 시금치 | - | 한 | 움큼
물 1,000ml | 1000 | - | ml | 물 | - | 1,000 | ml
물 1.5L | 1.5 | - | l | 물 | - | 1.5 | L
우유 200mL | 200 | - | ml | 우유 | - | 200 | mL
소주 50cc | 50 | - | ml | 소주 | - | 50 | cc
소고기 1kg | 1 | - | kg | 소고기 | - | 1 | kg
감자 2~3개 | 2 | 3 | piece | 감자 | -
고춧가루 1~2큰술 | 1 | 2 | tbsp | 고춧가루 | - | 1~2 | 큰술
설탕 1과 1/2큰술 | 1.5 | - | tbsp | 설탕 | - | 1과 1/2 | 큰술
간장 2Ts | 2 | - | tbsp | 간장 | - | 2 | Ts
설탕 1ts | 1 | - | tsp | 설탕 | - | 1 | ts
식초 2스푼 | 2 | - | tbsp | 식초 | - | 2 | 스푼
간장 1숟가락 | 1 | - | tbsp | 간장 | -
고추장 1밥숟가락 | 1 | - | tbsp | 고추장 | - | 1 | 밥숟가락
소금 1티스푼 | 1 | - | tsp | 소금 | - | 1 | 티스푼
후추 1찻숟가락 | 1 | - | tsp | 후추 | -
참기름 1큰 술 | 1 | - | tbsp | 참기름 | - | 1 | 큰 술
밀가루 2킬로그램 | 2 | - | kg | 밀가루 | - | 2 | 킬로그램
돼지고기 300그램 | 300 | - | g | 돼지고기 | - | 300 | 그램
육수 1리터 | 1 | - | l | 육수 | - | 1 | 리터
우유 100밀리리터 | 100 | - | ml | 우유 | -
양파 하나 | 1 | - | - | 양파 | - | 하나
달걀 둘 | 2 | - | - | 달걀 | - | 둘
양파 반 | 1/2 | - | - | 양파 | - | 반
양파 반 개 | 1/2 | - | piece | 양파 | - | 반 | 개
당근 반개 | 1/2 | - | piece | 당근 | - | 반 | 개
마늘 두 쪽 | 2 | - | clove | 마늘 | - | 두 | 쪽
감자 세 개 | 3 | - | piece | 감자 | - | 세 | 개
대파 한대 | 1 | - | stalk | 대파 | - | 한 | 대
애호박 다섯 개 | 5 | - | piece | 애호박 | - | 다섯 | 개
버섯 한두 개 | 1 | 2 | piece | 버섯 | - | 한두 | 개
소금, 후추 약간씩 | - | - | - | 소금, 후추 | 약간씩
소금 약간(밑간용) | - | - | - | 소금 | 약간, 밑간용
후추 적당히 | - | - | - | 후추 | 적당히
참기름 소량 | - | - | - | 참기름 | 소량
설탕 기호에 따라 | - | - | - | 설탕 | 기호에 따라
통깨 취향껏 | - | - | - | 통깨 | 취향껏
소금 (약간) | - | - | - | 소금 | 약간
2큰술 간장 | 2 | - | tbsp | 간장 | - | 2 | 큰술
1컵 물 | 1 | - | cup | 물 | -
300g 돼지고기 | 300 | - | g | 돼지고기 | -
½컵 설탕 | 1/2 | - | cup | 설탕 | - | ½ | 컵
참기름 1큰술(선택) | 1 | - | tbsp | 참기름 | 선택 | 1 | 큰술
홍고추 1개 (선택) | 1 | - | piece | 홍고추 | 선택
두부 1모, 깍둑썰기 | 1 | - | block | 두부 | 깍둑썰기
양파 1/2개, 채 썰기 | 1/2 | - | piece | 양파 | 채 썰기
청양고추 1개 다진 것 | 1 | - | piece | 청양고추 | 다진 것
돼지고기 약 300g | 300 | - | g | 돼지고기 | 약 | 300 | g
고추장 2큰술 정도 | 2 | - | tbsp | 고추장 | 정도
간장 1큰술씩 | 1 | - | tbsp | 간장 | 씩 | 1 | 큰술
설탕 1큰술 가량 | 1 | - | tbsp | 설탕 | 가량
물 ２컵 | 2 | - | cup | 물 | - | ２ | 컵
오징어 1마리 | 1 | - | piece | 오징어 | -
맛술 1병 | 1 | - | - | 맛술 | 병 | 1
밀가루 1 1/2컵 | 1.5 | - | cup | 밀가루 | - | 1 1/2 | 컵
고구마 2~3개 정도 | 2 | 3 | piece | 고구마 | 정도
국물용 멸치 10마리 | 10 | - | piece | 국물용 멸치 | -
대파(흰 부분) 1대 | 1 | - | stalk | 대파 | 흰 부분 | 1 | 대
[양념] 간장 2큰술 | 2 | - | tbsp | 간장 | 양념
다시마 10x10cm 1장 | 1 | - | sheet | 다시마 10x10cm | - | 1 | 장
- 간장 3큰술 | 3 | - | tbsp | 간장 | -
• 설탕 1큰술 | 1 | - | tbsp | 설탕 | -
1 1/2 cups all-purpose flour | 1.5 | - | cup | all-purpose flour | - | 1 1/2 | cups
3 1/2 teaspoons baking powder | 3.5 | - | tsp | baking powder | - | 3 1/2 | teaspoons
1 tablespoon white sugar | 1 | - | tbsp | white sugar | - | 1 | tablespoon
1/4 teaspoon salt, or more to taste | 1/4 | - | tsp | salt | or more to taste
1 1/4 cups milk | 1.25 | - | cup | milk | - | 1 1/4 | cups
1 egg | 1 | - | - | egg | - | 1
3 tablespoons butter, melted | 3 | - | tbsp | butter | melted
2 Tbsp. maple syrup | 2 | - | tbsp | maple syrup | - | 2 | Tbsp.
2 lbs ground beef | 2 | - | lb | ground beef | - | 2 | lbs
1 large onion, chopped | 1 | - | - | large onion | chopped
3 cloves garlic, minced | 3 | - | clove | garlic | minced | 3 | cloves
2 (15 oz) cans kidney beans, drained | 2 | - | can | kidney beans | 15 oz, drained | 2 | cans
1 (28 ounce) can crushed tomatoes | 1 | - | can | crushed tomatoes | 28 ounce | 1 | can
1 (14 oz) can tomatoes | 1 | - | can | tomatoes | 14 oz | 1 | can
2 tablespoons chili powder | 2 | - | tbsp | chili powder | -
1 teaspoon ground cumin | 1 | - | tsp | ground cumin | -
1/2 tsp cayenne pepper (optional) | 1/2 | - | tsp | cayenne pepper | optional
Salt and pepper to taste | - | - | - | Salt and pepper | to taste
salt and pepper to taste | - | - | - | salt and pepper | to taste
1 cup beef broth | 1 | - | cup | beef broth | -
1 green bell pepper, diced | 1 | - | - | green bell pepper | diced
2 1/4 cups all-purpose flour | 2.25 | - | cup | all-purpose flour | -
1 tsp baking soda | 1 | - | tsp | baking soda | - | 1 | tsp
1 cup (2 sticks) butter, softened | 1 | - | cup | butter | 2 sticks, softened
3/4 cup granulated sugar | 3/4 | - | cup | granulated sugar | - | 3/4 | cup
3/4 cup packed brown sugar | 3/4 | - | cup | packed brown sugar | -
1 teaspoon vanilla extract | 1 | - | tsp | vanilla extract | -
2 large eggs | 2 | - | - | large eggs | - | 2
2 cups semisweet chocolate chips | 2 | - | cup | semisweet chocolate chips | -
1 cup chopped nuts (optional) | 1 | - | cup | chopped nuts | optional
½ tsp salt | 1/2 | - | tsp | salt | - | ½ | tsp
½ cup milk | 1/2 | - | cup | milk | - | ½ | cup
¾ cup sugar | 3/4 | - | cup | sugar | -
⅓ cup vegetable oil | 1/3 | - | cup | vegetable oil | - | ⅓ | cup
1 ⅔ cups water | 5/3 | - | cup | water | - | 1 ⅔ | cups
1½ cups flour | 1.5 | - | cup | flour | - | 1½ | cups
a pinch of salt | 1 | - | pinch | salt | - | a | pinch
A handful of fresh basil leaves | 1 | - | handful | fresh basil leaves | - | A | handful
a dash of hot sauce | 1 | - | dash | hot sauce | -
2 sprigs fresh thyme | 2 | - | sprig | fresh thyme | - | 2 | sprigs
1 bunch cilantro | 1 | - | bunch | cilantro | -
1 head garlic | 1 | - | head | garlic | -
4 slices bacon | 4 | - | slice | bacon | - | 4 | slices
2 sheets puff pastry | 2 | - | sheet | puff pastry | -
1 packet active dry yeast | 1 | - | pack | active dry yeast | -
1 block firm tofu | 1 | - | block | firm tofu | -
1 tin chickpeas | 1 | - | can | chickpeas | - | 1 | tin
1 stalk celery | 1 | - | stalk | celery | -
2 pieces ginger | 2 | - | piece | ginger | -
8 fl oz heavy cream | 8 | - | fl_oz | heavy cream | - | 8 | fl oz
4 fluid ounces orange juice | 4 | - | fl_oz | orange juice | - | 4 | fluid ounces
16 oz pasta | 16 | - | oz | pasta | - | 16 | oz
1 lb. spaghetti | 1 | - | lb | spaghetti | - | 1 | lb.
500 g flour | 500 | - | g | flour | - | 500 | g
500g minced beef | 500 | - | g | minced beef | - | 500 | g
1 kg potatoes | 1 | - | kg | potatoes | -
250 ml water | 250 | - | ml | water | -
1 L chicken stock | 1 | - | l | chicken stock | - | 1 | L
1.5 litres water | 1.5 | - | l | water | - | 1.5 | litres
2 kilos onions | 2 | - | kg | onions | -
200 gr sugar | 200 | - | g | sugar | - | 200 | gr
1 c. sugar | 1 | - | cup | sugar | - | 1 | c.
2 T olive oil | 2 | - | tbsp | olive oil | - | 2 | T
1 t salt | 1 | - | tsp | salt | - | 1 | t
2 tbs butter | 2 | - | tbsp | butter | -
1 tbl honey | 1 | - | tbsp | honey | -
3 tsps sugar | 3 | - | tsp | sugar | -
2 Tablespoons Olive Oil | 2 | - | tbsp | Olive Oil | - | 2 | Tablespoons
2 to 3 cups chicken broth | 2 | 3 | cup | chicken broth | - | 2 to 3 | cups
2-3 tbsp lemon juice | 2 | 3 | tbsp | lemon juice | - | 2-3 | tbsp
2–3 cloves garlic | 2 | 3 | clove | garlic | - | 2–3 | cloves
3-4 cloves garlic, minced | 3 | 4 | clove | garlic | minced | 3-4 | cloves
1 or 2 jalapeños, seeded | 1 | 2 | - | jalapeños | seeded | 1 or 2
1/2-1 tsp red pepper flakes | 1/2 | 1 | tsp | red pepper flakes | - | 1/2-1 | tsp
1-1/2 cups milk | 1.5 | - | cup | milk | - | 1-1/2 | cups
1 and 1/2 cups milk | 1.5 | - | cup | milk | - | 1 and 1/2 | cups
one onion | 1 | - | - | onion | - | one
two eggs | 2 | - | - | eggs | - | two
Three cups water | 3 | - | cup | water | - | Three | cups
twelve cherry tomatoes | 12 | - | - | cherry tomatoes | -
half an onion | 1/2 | - | - | onion | - | half an
half cup sugar | 1/2 | - | cup | sugar | - | half | cup
one and a half cups milk | 1.5 | - | cup | milk | - | one and a half | cups
a dozen eggs | 12 | - | - | eggs | - | a dozen
2 dozen cookies | 24 | - | - | cookies | - | 2 dozen
Salt | - | - | - | Salt | -
Freshly ground black pepper | - | - | - | Freshly ground black pepper | -
Fresh parsley, for garnish | - | - | - | Fresh parsley | for garnish
Parsley for garnish | - | - | - | Parsley | for garnish
Oil for frying | - | - | - | Oil | for frying
1 tbsp sugar, or to taste | 1 | - | tbsp | sugar | or to taste
1/2 tsp salt or to taste | 1/2 | - | tsp | salt | or to taste
Juice of 1 lemon | - | - | - | Juice of 1 lemon | -
2 cups rice | 2 | - | cup | rice | - | 2 | cups
1 1/2 tsp salt | 1.5 | - | tsp | salt | - | 1 1/2 | tsp
about 2 cups flour | 2 | - | cup | flour | about | 2 | cups
1 heaping tbsp cocoa powder | 1 | - | tbsp | cocoa powder | heaping | 1 | tbsp
1 large clove garlic | 1 | - | clove | garlic | large | 1 | clove
2 cups of milk | 2 | - | cup | milk | - | 2 | cups
1 cup sugar, divided | 1 | - | cup | sugar | divided
2 medium carrots, peeled and diced | 2 | - | - | medium carrots | peeled and diced
1,5 kg chicken thighs | 1.5 | - | kg | chicken thighs | - | 1,5 | kg
1.5 kg chicken | 1.5 | - | kg | chicken | - | 1.5 | kg
.5 cup vinegar | 0.5 | - | cup | vinegar | - | .5 | cup
10 Tbsp butter | 10 | - | tbsp | butter | -
1 pound ground pork | 1 | - | lb | ground pork | - | 1 | pound
6 ounces feta cheese, crumbled | 6 | - | oz | feta cheese | crumbled | 6 | ounces
1 (8 oz) package cream cheese, softened | 1 | - | pack | cream cheese | 8 oz, softened | 1 | package
1 cup (240 ml) milk | 1 | - | cup | milk | 240 ml
1 teaspoon Salt (to taste) | 1 | - | tsp | Salt | to taste
2 cups 2% milk | 2 | - | cup | 2% milk | -
- 2 cups flour | 2 | - | cup | flour | - | 2 | cups
• 1 tsp salt | 1 | - | tsp | salt | -
Butter 100g | 100 | - | g | Butter | - | 100 | g
Eggs 2 | 2 | - | - | Eggs | - | 2
3 eggs, beaten | 3 | - | - | eggs | beaten
1/3 cup sour cream | 1/3 | - | cup | sour cream | -
1/4 cup chopped fresh cilantro | 1/4 | - | cup | chopped fresh cilantro | -
2 cloves garlic, finely chopped | 2 | - | clove | garlic | finely chopped
1 cup mayonnaise | 1 | - | cup | mayonnaise | -
an egg | - | - | - | an egg | -
99999999 g sugar | - | - | - | 99999999 g sugar | -
0/0 cup water | - | - | - | 0/0 cup water | -
1/0 cup water | - | - | - | 1/0 cup water | -
";

/// A quantity column: `-`, a number, or a fraction `a/b`.
fn number(column: &str) -> Option<f64> {
    if column == "-" {
        return None;
    }
    Some(match column.split_once('/') {
        Some((a, b)) => a.parse::<f64>().unwrap() / b.parse::<f64>().unwrap(),
        None => column.parse().unwrap(),
    })
}

fn unit(column: &str) -> Option<Unit> {
    (column != "-").then(|| {
        Unit::ALL
            .into_iter()
            .find(|unit| unit.id() == column)
            .unwrap_or_else(|| panic!("no unit {column}"))
    })
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        _ => false,
    }
}

#[test]
fn the_table_reads_as_expected() {
    let mut failures = Vec::new();
    let mut cases = 0;
    let (mut korean, mut written) = (0, 0);
    for row in TABLE.lines().filter(|row| !row.trim().is_empty()) {
        cases += 1;
        let columns: Vec<&str> = row.split(" | ").map(str::trim).collect();
        assert!(matches!(columns.len(), 6..=8), "bad row {row}");
        let line = columns[0];
        korean += usize::from(line.chars().any(crate::ingredients::units::is_hangul));
        let item = parse_line(line);
        let food = if columns[4] == "-" { "" } else { columns[4] };
        let note = (columns[5] != "-").then_some(columns[5]);
        let mut wrong = Vec::new();
        if item.text != line {
            wrong.push("text".to_string());
        }
        if !close(item.quantity, number(columns[1])) {
            wrong.push(format!("quantity {:?}", item.quantity));
        }
        if !close(item.quantity_max, number(columns[2])) {
            wrong.push(format!("quantity_max {:?}", item.quantity_max));
        }
        if item.unit != unit(columns[3]) {
            wrong.push(format!("unit {:?}", item.unit));
        }
        if item.food != food {
            wrong.push(format!("food {:?}", item.food));
        }
        if item.note.as_deref() != note {
            wrong.push(format!("note {:?}", item.note));
        }
        if item.quantity_at.is_some() != item.quantity.is_some()
            || item.unit_at.is_some() != item.unit.is_some()
        {
            wrong.push("written ranges present/absent".to_string());
        }
        let at = |range: &Option<std::ops::Range<usize>>| range.clone().map(|r| &line[r]);
        if let Some(expected) = columns.get(6) {
            written += 1;
            if at(&item.quantity_at) != Some(*expected) {
                wrong.push(format!("quantity_at {:?}", at(&item.quantity_at)));
            }
        }
        if let Some(expected) = columns.get(7)
            && at(&item.unit_at) != Some(*expected)
        {
            wrong.push(format!("unit_at {:?}", at(&item.unit_at)));
        }
        if !wrong.is_empty() {
            failures.push(format!("{line}: {}", wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases >= 150, "only {cases} cases");
    assert!(
        korean * 5 >= cases * 2,
        "only {korean} Korean cases of {cases}"
    );
    assert!(
        written >= 80,
        "only {written} cases check the written forms"
    );
}

#[test]
fn text_is_kept_exactly_and_positions_point_into_it() {
    let line = "  2 cups  rice \t";
    let item = parse_line(line);
    assert_eq!(item.text, line);
    assert_eq!(item.food, "rice");
    assert_eq!(&line[item.quantity_at.unwrap()], "2");
    assert_eq!(&line[item.unit_at.unwrap()], "cups");

    let line = " 간장  2큰술 ";
    let item = parse_line(line);
    assert_eq!(item.text, line);
    assert_eq!(item.food, "간장");
    assert_eq!(&line[item.unit_at.unwrap()], "큰술");
}

#[test]
fn blank_and_junk_lines_do_not_fail() {
    for line in [
        "", "   ", "\t\n", "\u{0}", "()", ",", "((((", "))", "-", "½", "1/", "/2",
    ] {
        let item = parse_line(line);
        assert_eq!(item.text, line);
    }
    assert_eq!(parse_line("").food, "");
    assert_eq!(parse_line("   ").food, "");
    assert_eq!(parse_line("!!!").food, "!!!");
}

#[test]
fn full_width_and_compatibility_forms_read_as_their_normal_forms() {
    let line = "밀가루 ２００ｇ";
    let item = parse_line(line);
    assert_eq!(item.quantity, Some(200.0));
    assert_eq!(item.unit, Some(Unit::G));
    assert_eq!(&line[item.quantity_at.unwrap()], "２００");
    assert_eq!(&line[item.unit_at.unwrap()], "ｇ");

    let line = "우유 200㎖";
    let item = parse_line(line);
    assert_eq!(item.unit, Some(Unit::Ml));
    assert_eq!(&line[item.unit_at.unwrap()], "㎖");

    let line = "고춧가루 1～2큰술";
    let item = parse_line(line);
    assert_eq!((item.quantity, item.quantity_max), (Some(1.0), Some(2.0)));
    assert_eq!(&line[item.quantity_at.unwrap()], "1～2");
}

#[test]
fn decomposed_hangul_reads_like_composed_hangul() {
    use unicode_normalization::UnicodeNormalization;
    let line: String = "간장 2큰술".nfd().collect();
    let item = parse_line(&line);
    assert_eq!(item.unit, Some(Unit::Tbsp));
    assert_eq!(item.food, "간장".nfd().collect::<String>());
    assert_eq!(
        &line[item.unit_at.unwrap()],
        "큰술".nfd().collect::<String>()
    );
}

#[test]
fn replacing_the_written_quantity_scales_the_line() {
    let line = "고춧가루 1~2큰술";
    let item = parse_line(line);
    let mut scaled = line.to_string();
    scaled.replace_range(item.quantity_at.unwrap(), "2~4");
    assert_eq!(scaled, "고춧가루 2~4큰술");
}

#[test]
fn shapes_that_only_look_like_amounts_have_no_quantity() {
    for line in [
        "2 or 1 cups",
        "3 - 1/2 cups",
        "1,2345 g",
        "1/2/3 cups",
        "7up",
        "2-inch piece ginger",
        "Vitamin B12",
        "1. Flour",
    ] {
        let item = parse_line(line);
        assert_eq!(item.quantity, None, "{line}: {item:?}");
        assert_eq!(item.food, line, "{line}");
    }
}
