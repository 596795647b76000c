//! One generated recipe at a time, from a seeded random source.

use rand::{Rng, rngs::SmallRng, seq::IndexedRandom};

use super::vocabulary::{
    EN_DISHES, EN_INGREDIENTS, EN_MAINS, EN_STEPS, EN_STYLES, KO_DISHES, KO_INGREDIENTS,
    KO_MODIFIERS, KO_STEPS, TAGS,
};

/// A recipe as the generator makes it.
#[derive(Debug, Clone)]
pub struct Generated {
    pub name: String,
    pub description: String,
    pub ingredients: Vec<String>,
    pub directions: String,
    pub cook_time: Option<i32>,
    pub num_of_servings: Option<i32>,
    /// Indexes into [`TAGS`], sorted, distinct.
    pub tags: Vec<usize>,
}

/// An index into a list of `len` items that favours its head (roughly Zipf-like).
fn skewed(rng: &mut SmallRng, len: usize) -> usize {
    let u: f64 = rng.random();
    let index = (u * u * u * len as f64) as usize;
    index.min(len - 1)
}

fn pick<'a>(rng: &mut SmallRng, list: &[&'a str]) -> &'a str {
    list[skewed(rng, list.len())]
}

/// Makes one recipe; about a third are Korean.
pub fn generate(rng: &mut SmallRng) -> Generated {
    let korean = rng.random_bool(0.3);
    let name = if korean {
        let dish = pick(rng, KO_DISHES);
        if rng.random_bool(0.5) {
            format!("{} {dish}", pick(rng, KO_MODIFIERS))
        } else {
            dish.to_owned()
        }
    } else {
        format!(
            "{} {} {}",
            pick(rng, EN_STYLES),
            pick(rng, EN_MAINS),
            pick(rng, EN_DISHES)
        )
    };
    let pool: Vec<(&str, &str)> = if korean {
        KO_INGREDIENTS.to_vec()
    } else {
        EN_INGREDIENTS.to_vec()
    };
    let count = rng.random_range(3..=10);
    let mut chosen: Vec<(&str, &str)> = Vec::with_capacity(count);
    while chosen.len() < count {
        let item = pool[skewed(rng, pool.len())];
        if !chosen.contains(&item) {
            chosen.push(item);
        }
    }
    let ingredients = chosen
        .iter()
        .map(|(item, unit)| {
            if korean {
                format!("{item} {unit}")
            } else if unit.is_empty() {
                format!("{} {item}", rng.random_range(1..=4))
            } else {
                format!("{} {unit} {item}", rng.random_range(1..=3))
            }
        })
        .collect();
    let steps = if korean { KO_STEPS } else { EN_STEPS };
    let step_count = rng.random_range(3..=6);
    let directions = (0..step_count)
        .map(|index| {
            let (a, _) = chosen.choose(rng).copied().unwrap_or(("", ""));
            let (b, _) = chosen.choose(rng).copied().unwrap_or(("", ""));
            let step = steps.choose(rng).copied().unwrap_or_default();
            format!(
                "{}. {}",
                index + 1,
                step.replace("{a}", a).replace("{b}", b)
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let description = if korean {
        format!("{name} 만드는 법. 누구나 쉽게 따라 하는 레시피입니다.")
    } else {
        format!(
            "A {} take on {}, ready for the table.",
            pick(rng, EN_STYLES).to_lowercase(),
            name.to_lowercase()
        )
    };
    let mut tags: Vec<usize> = (0..rng.random_range(1..=5))
        .map(|_| skewed(rng, TAGS.len()))
        .collect();
    if korean {
        tags.push(TAGS.iter().position(|t| *t == "korean").unwrap_or(0));
    }
    tags.sort_unstable();
    tags.dedup();
    Generated {
        name,
        description,
        ingredients,
        directions,
        cook_time: rng.random_bool(0.95).then(|| rng.random_range(5..=180)),
        num_of_servings: rng.random_bool(0.95).then(|| rng.random_range(1..=8)),
        tags,
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;
    use crate::domain::{RecipeFields, RecipeInput};

    #[test]
    fn generated_recipes_pass_the_api_s_own_validation() {
        let mut rng = SmallRng::seed_from_u64(7);
        let mut korean = 0;
        for _ in 0..500 {
            let recipe = generate(&mut rng);
            if recipe.name.chars().any(crate::domain::is_cjk) {
                korean += 1;
            }
            let input = RecipeInput {
                name: Some(recipe.name.clone()),
                description: Some(recipe.description),
                num_of_servings: recipe.num_of_servings.map(i64::from),
                cook_time: recipe.cook_time.map(i64::from),
                directions: Some(recipe.directions),
                ingredients: Some(Some(recipe.ingredients)),
                tags: Some(Some(
                    recipe.tags.iter().map(|i| TAGS[*i].to_owned()).collect(),
                )),
                measure_system: None,
            };
            let fields = RecipeFields::parse(input).expect("valid");
            assert_eq!(fields.name, recipe.name);
        }
        assert!(
            (100..250).contains(&korean),
            "{korean} Korean recipes of 500"
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_recipes() {
        let names = |seed| {
            let mut rng = SmallRng::seed_from_u64(seed);
            (0..20).map(|_| generate(&mut rng).name).collect::<Vec<_>>()
        };
        assert_eq!(names(3), names(3));
        assert_ne!(names(3), names(4));
    }
}
