//! Ingredient-line parsing throughput. A benchmark, not a test (`harness = false`; `cargo test`
//! does not run it):
//!
//!     cargo bench --bench ingredient_parse [-- SECONDS]
//!
//! Over a fixed corpus of 200 real-looking lines (100 English, 100 Korean: the generator's
//! shapes plus fractions, ranges, number words, notes, parentheses, bullets), for SECONDS
//! (default 3) per measurement, prints lines per second of:
//! - `parse_line` (English, Korean and the whole corpus);
//! - `food_terms` over recipes of 8 parsed lines (terms per second of recipes' lines);
//! - `adjust` of parsed lines: doubled as written, and converted to metric and to US units.
//!
//! The machine is shared: compare the rows of one run (e.g. Korean against English), not runs.

use std::hint::black_box;
use std::time::{Duration, Instant};

use recipe_api::ingredients::{
    IngredientItem, MeasureSystem, UnitsChoice, adjust, food_terms, parse_line,
};

/// 100 English lines: the generator's shapes (`2 tbsp olive oil`, `3 eggs`) and the shapes of
/// recipes pasted from the web.
const ENGLISH: &[&str] = &[
    "1 onion",
    "3 garlic cloves",
    "2 tbsp olive oil",
    "1 tsp salt",
    "1 tsp black pepper",
    "3 tbsp butter",
    "4 eggs",
    "2 cups rice",
    "3 cups chicken stock",
    "2 tomatoes",
    "3 carrots",
    "2 cups flour",
    "1 cups milk",
    "2 tbsp soy sauce",
    "1 tbsp lemon juice",
    "2 tsp ginger",
    "3 tbsp parsley",
    "1 tsp cumin",
    "2 tsp paprika",
    "1 tbsp honey",
    "1 cups parmesan",
    "2 cups cream",
    "4 spring onions",
    "1 tsp chili flakes",
    "2 cans coconut milk",
    "3 tbsp basil",
    "2 celery stalks",
    "2 bell peppers",
    "1 tbsp sugar",
    "2 tbsp vinegar",
    "1 tsp thyme",
    "1 tsp oregano",
    "2 tsp sesame oil",
    "1 cups cheddar",
    "2 cups yogurt",
    "3 cups mushrooms",
    "2 cups spinach",
    "4 potatoes",
    "1 lime",
    "2 tbsp coriander",
    "2 bay leaves",
    "1 tsp cinnamon",
    "2 tsp mustard",
    "1 cups breadcrumbs",
    "1 cups white wine",
    "2 cans chickpeas",
    "200 g noodles",
    "300 g pasta",
    "400 g tofu",
    "500 g chicken thighs",
    "1 1/2 cups all-purpose flour, sifted",
    "2 1/4 teaspoons active dry yeast",
    "½ cup granulated sugar",
    "¾ cup unsalted butter, softened",
    "1/3 cup packed brown sugar",
    "2-3 cloves garlic, minced",
    "2 to 3 tablespoons lemon juice",
    "1 (14 oz) can diced tomatoes, drained",
    "1 (15-ounce) can black beans, rinsed and drained",
    "a pinch of salt",
    "salt and pepper to taste",
    "freshly ground black pepper, to taste",
    "2 large eggs, beaten",
    "1 large onion, finely chopped",
    "3 medium carrots, peeled and diced",
    "1 lb ground beef",
    "8 oz cream cheese, at room temperature",
    "1 kg chicken wings",
    "250 ml heavy cream",
    "1.5 litres vegetable stock",
    "1,5 kg potatoes",
    "one bunch fresh cilantro",
    "two cans coconut milk",
    "half a lemon, juiced",
    "a dozen eggs",
    "1 heaping tbsp cocoa powder",
    "- 2 tsp vanilla extract",
    "• 1 cup frozen peas",
    "about 2 cups cooked rice",
    "3 sprigs fresh thyme",
    "1 bay leaf",
    "4 slices bacon, cut into pieces",
    "2 tablespoons extra-virgin olive oil, plus more for drizzling",
    "1 teaspoon kosher salt (optional)",
    "1/2 teaspoon red pepper flakes, or more to taste",
    "2 cups baby spinach, loosely packed",
    "1 cup shredded mozzarella cheese",
    "6 ounces dark chocolate, chopped",
    "1 stick butter",
    "1 pint cherry tomatoes, halved",
    "3 tbsp fish sauce",
    "2 tsp toasted sesame seeds, for garnish",
    "1 avocado, sliced",
    "1 cucumber, thinly sliced",
    "200g feta, crumbled",
    "1 pound salmon fillets, skin removed",
    "12 large shrimp, peeled and deveined",
    "2 cups kale, stems removed",
    "1 cup walnuts, toasted and chopped",
    "Zest of 1 orange",
];

/// 100 Korean lines: the generator's shapes (`간장 2큰술`) and those of Korean recipe sites.
const KOREAN: &[&str] = &[
    "김치 200g",
    "대파 1대",
    "마늘 3쪽",
    "간장 2큰술",
    "고추장 1큰술",
    "고춧가루 1큰술",
    "참기름 1작은술",
    "돼지고기 200g",
    "두부 1모",
    "양파 1개",
    "설탕 1큰술",
    "밥 1공기",
    "계란 2개",
    "된장 2큰술",
    "소고기 150g",
    "애호박 1/2개",
    "감자 2개",
    "당근 1/2개",
    "멸치육수 2컵",
    "떡 300g",
    "어묵 2장",
    "콩나물 200g",
    "시금치 1단",
    "깨 약간",
    "후추 약간",
    "물엿 1큰술",
    "미역 20g",
    "오징어 1마리",
    "당면 100g",
    "청양고추 2개",
    "신김치 1/4포기",
    "돼지고기 앞다리살 300g",
    "다진 마늘 1큰술",
    "다진 파 2큰술",
    "국간장 1작은술",
    "진간장 3큰술",
    "맛술 2큰술",
    "올리고당 1큰술",
    "식용유 적당량",
    "소금 약간",
    "소금, 후추 약간씩",
    "물 2컵",
    "물 500ml",
    "쌀뜨물 3컵",
    "두부 1/2모",
    "양파 1/2개 (채 썬 것)",
    "양파 1개 채 썬 것",
    "대파 1/2대, 어슷 썬 것",
    "홍고추 1개",
    "풋고추 2개",
    "애호박 1/3개",
    "감자 1개 (중간 크기)",
    "무 200g",
    "무 1/4개",
    "배추 1/2포기",
    "쪽파 5줄기",
    "부추 한 줌",
    "깻잎 10장",
    "달걀 하나",
    "달걀 2~3개",
    "계란 3개 정도",
    "양파 반",
    "마늘 두 쪽",
    "생강 1톨",
    "통깨 1작은술",
    "참기름 약간",
    "들기름 2큰술",
    "고추기름 1큰술",
    "액젓 1큰술",
    "새우젓 1/2큰술",
    "멸치액젓 2작은술",
    "매실청 1큰술",
    "식초 2큰술",
    "레몬즙 1큰술",
    "우유 1컵",
    "버터 10g",
    "모짜렐라 치즈 1컵",
    "떡국떡 400g",
    "소면 2인분",
    "라면 사리 1개",
    "스팸 1/2캔",
    "참치캔 1개",
    "어묵 3장 가량",
    "닭고기 500g",
    "닭볶음탕용 닭 1마리",
    "소고기 양지 200g",
    "오징어 1마리 손질한 것",
    "새우 10마리",
    "바지락 한 봉지",
    "콩나물 1봉지",
    "숙주 200g",
    "시금치 반 단",
    "표고버섯 3개",
    "느타리버섯 한 줌",
    "팽이버섯 1봉",
    "당면 1줌",
    "찹쌀가루 3큰술",
    "전분 1큰술",
    "부침가루 1컵",
    "튀김가루 1/2컵",
];

fn measure(label: &str, seconds: f64, lines_per_call: usize, mut call: impl FnMut()) {
    // Warm-up, then whole rounds until the time is up.
    let warm = Instant::now();
    while warm.elapsed() < Duration::from_millis(200) {
        call();
    }
    let started = Instant::now();
    let mut calls = 0u64;
    while started.elapsed().as_secs_f64() < seconds {
        call();
        calls += 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let lines = calls as f64 * lines_per_call as f64;
    println!(
        "| {label} | {:.0} | {:.2} |",
        lines / elapsed,
        elapsed * 1e9 / lines
    );
}

fn main() {
    let seconds: f64 = std::env::args()
        .skip(1)
        .find_map(|arg| arg.parse().ok())
        .unwrap_or(3.0);
    assert_eq!(ENGLISH.len(), 100);
    assert_eq!(KOREAN.len(), 100);
    let all: Vec<&str> = ENGLISH.iter().chain(KOREAN).copied().collect();
    let parsed =
        |lines: &[&str]| -> Vec<IngredientItem> { lines.iter().map(|l| parse_line(l)).collect() };
    let english = parsed(ENGLISH);
    let korean = parsed(KOREAN);
    let every = parsed(&all);
    let quantified = every.iter().filter(|item| item.quantity.is_some()).count();
    let terms: usize = every.chunks(8).map(|recipe| food_terms(recipe).len()).sum();
    println!(
        "corpus: {} lines ({} with a quantity), {} food terms in {} recipes of 8 lines; {seconds} s per row\n",
        all.len(),
        quantified,
        terms,
        every.len().div_ceil(8)
    );
    println!("| operation | lines/s | ns/line |");
    println!("|---|---|---|");
    measure("`parse_line`, English", seconds, ENGLISH.len(), || {
        for line in ENGLISH {
            black_box(parse_line(black_box(line)));
        }
    });
    measure("`parse_line`, Korean", seconds, KOREAN.len(), || {
        for line in KOREAN {
            black_box(parse_line(black_box(line)));
        }
    });
    measure("`parse_line`, all 200", seconds, all.len(), || {
        for line in &all {
            black_box(parse_line(black_box(line)));
        }
    });
    measure(
        "`food_terms`, recipes of 8 parsed lines",
        seconds,
        every.len(),
        || {
            for recipe in every.chunks(8) {
                black_box(food_terms(black_box(recipe)));
            }
        },
    );
    measure(
        "parse + `food_terms` (what a save or the bulk load does)",
        seconds,
        all.len(),
        || {
            for recipe in all.chunks(8) {
                let items: Vec<IngredientItem> = recipe.iter().map(|l| parse_line(l)).collect();
                black_box(food_terms(&items));
            }
        },
    );
    let (english, korean) = (&english, &korean);
    let adjust_all = |factor: f64, units: UnitsChoice| {
        move || {
            for item in english {
                black_box(adjust(black_box(item), factor, units, MeasureSystem::Us));
            }
            for item in korean {
                black_box(adjust(
                    black_box(item),
                    factor,
                    units,
                    MeasureSystem::Korean,
                ));
            }
        }
    };
    measure(
        "`adjust` ×2, units as written",
        seconds,
        all.len(),
        adjust_all(2.0, UnitsChoice::Original),
    );
    measure(
        "`adjust` ×1.5, to metric",
        seconds,
        all.len(),
        adjust_all(1.5, UnitsChoice::Metric),
    );
    measure(
        "`adjust` ×1, to US units",
        seconds,
        all.len(),
        adjust_all(1.0, UnitsChoice::Us),
    );
}
