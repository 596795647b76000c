# Not in the blog post (only app.py imports it): reconstructed from the original's documented
# behaviour in the style of resources/user.py.
# GET  /recipes?offset=0&limit=25  published recipes, {"result", "count", "result_list"}
# POST /recipes                    Bearer JWT, {"name", "description", "cook_time", "directions"}
from flask import request
from flask_jwt_extended import get_jwt_identity, jwt_required
from flask_restful import Resource
from mysql_connection import get_connection
import mysql.connector

class RecipeListResource(Resource) :
    # 레시피 작성은 로그인한 유저만 할 수 있다.
    @jwt_required()
    def post(self) :
        # {
        #     "name" : "김치찌개",
        #     "description" : "맛있는 김치찌개",
        #     "cook_time" : 30,
        #     "directions" : "김치를 볶고 물을 붓는다"
        # }
        data = request.get_json()

        # 토큰에서 유저 아이디를 가져온다.
        user_id = get_jwt_identity()

        try :
            # 1. DB에 연결
            connection = get_connection()

            # 2. 쿼리문 만들기
            query = '''insert into recipe
                        (name, description, cook_time, directions, user_id)
                        values
                        (%s, %s, %s, %s, %s);'''

            record = (data['name'], data['description'], data['cook_time'],
                      data['directions'], user_id)

            # 3. 커서를 가져온다.
            cursor = connection.cursor()

            # 4. 쿼리문을 커서를 이용해서 실행한다.
            cursor.execute(query, record)

            # 5. 커넥션을 커밋해줘야 한다 => 디비에 영구적으로 반영하라는 뜻
            connection.commit()

            # 6. 자원 해제
            cursor.close()
            connection.close()

        except mysql.connector.Error as e :
            print(e)
            cursor.close()
            connection.close()
            return {"error" : str(e)}, 503

        return {"result" : "success"}, 200

    def get(self) :
        # 쿼리 스트링으로 오는 데이터는 아래처럼 받는다.
        offset = request.args.get('offset')
        limit = request.args.get('limit')

        try :
            connection = get_connection()

            # 공개된 레시피만 가져온다.
            query = '''select * from recipe
                        where is_publish = 1
                        limit ''' + offset + ''' , ''' + limit + ''';'''

            # select를 할 때는 dictionary = True로 설정한다.
            cursor = connection.cursor(dictionary = True)

            cursor.execute(query)

            result_list = cursor.fetchall()

            # 디비에서 가져온 timestamp는 파이썬의 datetime 으로 자동 변경된다.
            # json으로 바로 보낼 수 없으므로, 문자열로 바꿔서 보낸다.
            i = 0
            for record in result_list :
                result_list[i]['created_at'] = record['created_at'].isoformat()
                result_list[i]['updated_at'] = record['updated_at'].isoformat()
                i = i + 1

            cursor.close()
            connection.close()

        except mysql.connector.Error as e :
            print(e)
            cursor.close()
            connection.close()
            return {"error" : str(e)}, 503

        return {"result" : "success",
                "count" : len(result_list),
                "result_list" : result_list}, 200
